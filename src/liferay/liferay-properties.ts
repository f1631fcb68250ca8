import { parseLines, stringify, type Pair } from 'dot-properties';
import type { ConnectionSecurity, MailProperty, MailProtocol } from '../mail-settings/mail-session.model.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { storedProperties } from '../mail-settings/mail-session.row.js';
import { emptySourceSettings, SourceProblem, sourceFlag, sourcePort, sourceText, type SourceSettings } from '../settings-source/source-settings.js';
import {
  choosesSecurity,
  mergeFlags,
  readSecurityKey,
  securityKeyOf,
  securityOf,
  socketFactoryPort,
  type JavaMailProtocol,
  type KeyWithoutEffect,
  type SecuritySuffix,
  type SecurityFlags,
} from './javamail-security-keys.js';

/*
 * Liferay's own keys (portal.properties, "Mail"), so that a portal-ext.properties can be used
 * unchanged. Liferay reads the incoming server from the `pop3` keys whatever the store protocol.
 */
const SESSION_PREFIX = 'mail.session.';
const PREFIX = `${SESSION_PREFIX}mail.`;
/** JavaMail's IMAP host: read only to check that it names the host Liferay reads from `pop3.host`. */
const IMAP_HOST = `${PREFIX}imap.host`;
export const LIFERAY_KEYS = {
  /** Liferay's switch between this file's keys (false) and the Control Panel's saved settings (true). */
  useSavedSettings: 'mail.session.mail',
  incomingHost: `${PREFIX}pop3.host`,
  incomingPort: `${PREFIX}pop3.port`,
  incomingUser: `${PREFIX}pop3.user`,
  incomingPassword: `${PREFIX}pop3.password`,
  outgoingHost: `${PREFIX}smtp.host`,
  outgoingPort: `${PREFIX}smtp.port`,
  outgoingUser: `${PREFIX}smtp.user`,
  outgoingPassword: `${PREFIX}smtp.password`,
  smtpAuth: `${PREFIX}smtp.auth`,
  startTls: `${PREFIX}smtp.starttls.enable`,
  storeProtocol: `${PREFIX}store.protocol`,
  transportProtocol: `${PREFIX}transport.protocol`,
  advanced: `${PREFIX}advanced.properties`,
  senderName: 'admin.email.from.name',
  senderAddress: 'admin.email.from.address',
} as const;

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.values(LIFERAY_KEYS));

const KEYS_READ =
  `${[...KNOWN_KEYS].join(', ')}, ${IMAP_HOST}, and ${PREFIX}<smtp, pop3 or imap>.<ssl.enable, starttls.enable, starttls.required, ` +
  'socketFactory.class, socketFactory.port or socketFactory.fallback>';

/** Why a mail key this service does not read cannot be skipped either, where there is more to say. */
const UNREAD_KEY_REASONS: ReadonlyMap<string, string> = new Map([
  ['mail.session.jndi.name', 'with it Liferay takes its mail session from the application server (JNDI), whose settings are not in this file'],
]);

/** Keys in these namespaces are about mail: one we do not read is a mistake, not something to skip. */
const MAIL_NAMESPACES = ['mail.session.', 'admin.email.from.'];

// Maps, not object literals, wherever the key comes from the file: `constructor` or `__proto__`
// would find Object.prototype's members (and `constructor` once imported as POP3).
const STORE_PROTOCOLS: ReadonlyMap<string, { protocol: MailProtocol; tls: boolean }> = new Map([
  ['pop3', { protocol: 'POP3', tls: false }],
  ['pop3s', { protocol: 'POP3', tls: true }],
  ['imap', { protocol: 'IMAP', tls: false }],
  ['imaps', { protocol: 'IMAP', tls: true }],
]);

function noFlags(): Record<JavaMailProtocol, SecurityFlags> {
  return { smtp: {}, pop3: {}, imap: {} };
}

const SOURCE_KEYS: ReadonlyMap<string, string> = new Map([
  ['incoming.host', LIFERAY_KEYS.incomingHost],
  ['incoming.port', LIFERAY_KEYS.incomingPort],
  ['incoming.user', LIFERAY_KEYS.incomingUser],
  ['incoming.password', LIFERAY_KEYS.incomingPassword],
  ['incoming.protocol', LIFERAY_KEYS.storeProtocol],
  ['incoming.security', LIFERAY_KEYS.storeProtocol],
  ['outgoing.host', LIFERAY_KEYS.outgoingHost],
  ['outgoing.port', LIFERAY_KEYS.outgoingPort],
  ['outgoing.user', LIFERAY_KEYS.outgoingUser],
  ['outgoing.password', LIFERAY_KEYS.outgoingPassword],
  ['outgoing.security', LIFERAY_KEYS.transportProtocol],
  ['defaultSender.name', LIFERAY_KEYS.senderName],
  ['defaultSender.address', LIFERAY_KEYS.senderAddress],
]);

/** Which source key an input path comes from, for error messages. */
export function liferayKeyFor(path: string): string {
  if (path.startsWith('additionalProperties')) return LIFERAY_KEYS.advanced;
  return SOURCE_KEYS.get(path) ?? path;
}

export interface ParsedLiferayProperties {
  settings: SourceSettings;
  /** Keys outside the mail namespaces (a whole portal-ext.properties has many): not read. */
  ignoredKeys: string[];
  /** Mail keys read as Liferay and JavaMail read them, which change nothing here (they are logged). */
  keysWithoutEffect: KeyWithoutEffect[];
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Java refuses a `\u` that is not followed by four hex digits ("Malformed \uxxxx encoding"); so do
 * we. The problem is the file's, on the escape's line, unless `key` holds the text (on its `line`).
 */
function checkEscapes(text: string, key: string, line: number | undefined): void {
  const escapes = /\\(\\|u[0-9A-Fa-f]{4}|u)/g;
  for (let match = escapes.exec(text); match; match = escapes.exec(text)) {
    if (match[1] === 'u') throw new SourceProblem(key, 'malformed \\uxxxx escape: \\u must be followed by four hex digits', line ?? lineAt(text, match.index));
  }
}

interface Entry {
  value: string;
  line: number | undefined;
}

function pairs(text: string, where: { key: string; line: number | undefined } = { key: '(file)', line: undefined }): { key: string; entry: Entry }[] {
  checkEscapes(text, where.key, where.line);
  return (parseLines(text, true) as (Required<Pair> | { type: string })[])
    .filter((node): node is Required<Pair> => node.type === 'PAIR')
    .map((pair) => ({ key: pair.key.trim(), entry: { value: pair.value, line: lineAt(text, pair.range[0]) } }));
}

/**
 * Reads Liferay's mail keys from .properties text (escapes, continuation lines, `=`, `:` or
 * white space between key and value, `#` and `!` comments; a repeated key takes the last value,
 * as in Java). Values are trimmed, passwords excepted; an empty value means "none".
 *
 * - `store.protocol` `pop3`/`imap`: plain; `pop3s`/`imaps`: implicit TLS (JavaMail's `s` providers).
 * - `transport.protocol` `smtps`: implicit TLS; `smtp` with `smtp.starttls.enable=true`: STARTTLS
 *   when the server offers it (JavaMail's meaning of the flag); `smtp` alone: plain.
 * - `mail.<p>.ssl.enable`, `.starttls.enable`, `.starttls.required` and
 *   `.socketFactory.class=javax.net.ssl.SSLSocketFactory` (implicit TLS), as the file's own keys
 *   (`mail.session.mail.<p>.…`) or in `advanced.properties`, choose the security of the server
 *   they belong to; `.socketFactory.port` must agree with the port, `.socketFactory.fallback=true`
 *   is refused (see javamail-security-keys.ts). In `advanced.properties`, `smtp.auth` becomes
 *   `mail.smtp.auth`; every other entry becomes an additional property.
 * - `mail.session.mail=false` (Liferay: use this file's keys) is read and changes nothing; `true`
 *   (Liferay: use the Control Panel's saved settings instead) is refused.
 * - `mail.session.mail.imap.host` must name the host of `pop3.host`, which is read.
 * - Keys read that change nothing are returned in `keysWithoutEffect`, for the caller to log.
 *
 * @throws SourceProblem naming the key (and line) of the first problem.
 */
export function parseLiferayProperties(text: string): ParsedLiferayProperties {
  const values = new Map<string, Entry>();
  const ignored = new Set<string>();
  const withoutEffect: KeyWithoutEffect[] = [];
  // The file's own security keys (mail.session.mail.smtp.starttls.enable, …), last value kept.
  const securityEntries = new Map<string, { protocol: JavaMailProtocol; suffix: SecuritySuffix; entry: Entry }>();
  for (const { key, entry } of pairs(text)) {
    const securityKey = key.startsWith(PREFIX) ? securityKeyOf(key.slice(SESSION_PREFIX.length)) : undefined;
    if (securityKey !== undefined) {
      securityEntries.set(key, { ...securityKey, entry });
    } else if (KNOWN_KEYS.has(key) || key === IMAP_HOST) values.set(key, entry);
    else if (MAIL_NAMESPACES.some((ns) => key.startsWith(ns))) {
      const reason = UNREAD_KEY_REASONS.get(key);
      throw new SourceProblem(key, `not a mail setting this service reads; ${reason ?? `the keys it reads are ${KEYS_READ}`}`, entry.line);
    } else ignored.add(key);
  }
  const settings = emptySourceSettings();
  const get = (key: string) => values.get(key);
  const read = <T>(key: string, parse: (raw: string, line?: number) => T): T | undefined => {
    const entry = get(key);
    return entry === undefined
      ? undefined
      : parse(key === LIFERAY_KEYS.incomingPassword || key === LIFERAY_KEYS.outgoingPassword ? entry.value : entry.value.trim(), entry.line);
  };

  read(LIFERAY_KEYS.useSavedSettings, (raw, line) => {
    if (sourceFlag(LIFERAY_KEYS.useSavedSettings, raw, line)) {
      throw new SourceProblem(
        LIFERAY_KEYS.useSavedSettings,
        'true makes Liferay use the mail settings saved on its Control Panel (in its database) instead of the mail.session.mail.* keys of this file, and this service reads only the file: set it to false (Liferay then uses this file, as this service does), or export the settings Liferay uses',
        line,
      );
    }
    withoutEffect.push({
      key: LIFERAY_KEYS.useSavedSettings,
      reason: "false makes Liferay use this file's mail.session.mail.* keys, which is what this service reads",
    });
  });
  settings.incoming.host = read(LIFERAY_KEYS.incomingHost, sourceText);
  settings.incoming.port = read(LIFERAY_KEYS.incomingPort, (raw, line) => (raw === '' ? undefined : sourcePort(LIFERAY_KEYS.incomingPort, raw, line)));
  settings.incoming.user = read(LIFERAY_KEYS.incomingUser, sourceText);
  settings.incoming.password = read(LIFERAY_KEYS.incomingPassword, sourceText);
  settings.outgoing.host = read(LIFERAY_KEYS.outgoingHost, sourceText);
  settings.outgoing.port = read(LIFERAY_KEYS.outgoingPort, (raw, line) => (raw === '' ? undefined : sourcePort(LIFERAY_KEYS.outgoingPort, raw, line)));
  settings.outgoing.user = read(LIFERAY_KEYS.outgoingUser, sourceText);
  settings.outgoing.password = read(LIFERAY_KEYS.outgoingPassword, sourceText);
  settings.defaultSender.name = read(LIFERAY_KEYS.senderName, sourceText);
  settings.defaultSender.address = read(LIFERAY_KEYS.senderAddress, sourceText);
  read(IMAP_HOST, (raw, line) => {
    const pop3Host = settings.incoming.host;
    if (raw === '' || raw.toLowerCase() === pop3Host?.toLowerCase()) {
      withoutEffect.push({
        key: IMAP_HOST,
        reason: `this service reads the incoming server from ${LIFERAY_KEYS.incomingHost}, as Liferay does, and this key names the same host or none`,
      });
      return;
    }
    throw new SourceProblem(
      IMAP_HOST,
      `this service reads the incoming server from ${LIFERAY_KEYS.incomingHost}, as Liferay does, but JavaMail's IMAP store would connect to this host (${raw}) instead of ${pop3Host ?? 'none'}: give both keys the same host, or remove this one`,
      line,
    );
  });

  const store = read(LIFERAY_KEYS.storeProtocol, (raw, line) => {
    const found = STORE_PROTOCOLS.get(raw);
    if (found === undefined) throw new SourceProblem(LIFERAY_KEYS.storeProtocol, `expected pop3, pop3s, imap or imaps, got "${raw}"`, line);
    return found;
  });
  const transport = read(LIFERAY_KEYS.transportProtocol, (raw, line) => {
    if (raw !== 'smtp' && raw !== 'smtps') throw new SourceProblem(LIFERAY_KEYS.transportProtocol, `expected smtp or smtps, got "${raw}"`, line);
    return raw;
  });
  const smtpAuth = read(LIFERAY_KEYS.smtpAuth, (raw, line) => ({
    value: sourceFlag(LIFERAY_KEYS.smtpAuth, raw, line) ? ('true' as const) : ('false' as const),
    line,
  }));
  const ownFlags = noFlags();
  for (const [key, { protocol, suffix, entry }] of securityEntries) {
    readSecurityKey(suffix, entry.value.trim(), { key, line: entry.line }, ownFlags[protocol]);
    ownFlags[protocol].first ??= { key, line: entry.line, name: `mail.${protocol}.${suffix}` };
  }
  const advancedEntry = get(LIFERAY_KEYS.advanced);
  const advanced = advancedEntry === undefined ? undefined : readAdvanced(advancedEntry);
  const flags = (protocol: JavaMailProtocol) => mergeFlags(ownFlags[protocol], advanced?.security[protocol] ?? {});

  const incomingProtocol = store?.protocol ?? 'POP3';
  const incomingFlags = flags(incomingProtocol === 'POP3' ? 'pop3' : 'imap');
  const other = incomingProtocol === 'POP3' ? 'imap' : 'pop3';
  const stray = flags(other).first;
  if (stray !== undefined) {
    throw new SourceProblem(stray.key, `${stray.name} does not apply: the store protocol is ${incomingProtocol.toLowerCase()}`, stray.line);
  }
  if (store !== undefined || choosesSecurity(incomingFlags)) {
    settings.incoming.protocol = incomingProtocol;
    settings.incoming.security = securityOf(store?.tls ?? false, incomingFlags);
  }
  settings.incoming.port = socketFactoryPort(incomingFlags, settings.incoming.port, LIFERAY_KEYS.incomingPort, withoutEffect);
  const smtpFlags = flags('smtp');
  if (transport !== undefined || choosesSecurity(smtpFlags)) {
    settings.outgoing.security = securityOf(transport === 'smtps', smtpFlags);
  }
  settings.outgoing.port = socketFactoryPort(smtpFlags, settings.outgoing.port, LIFERAY_KEYS.outgoingPort, withoutEffect);
  if (advanced === undefined) {
    // Without the advanced properties only smtp.auth is known: an import keeps the other entries.
    if (smtpAuth !== undefined) settings.smtpAuth = smtpAuth.value;
  } else {
    const { properties } = advanced;
    if (smtpAuth !== undefined) {
      if (properties.some((p) => p.key === 'mail.smtp.auth')) {
        throw new SourceProblem(LIFERAY_KEYS.smtpAuth, `also set as mail.smtp.auth in ${LIFERAY_KEYS.advanced}; keep one`, smtpAuth.line);
      }
      properties.unshift({ key: 'mail.smtp.auth', value: smtpAuth.value });
    }
    settings.additionalProperties = properties;
  }
  return { settings, ignoredKeys: [...ignored], keysWithoutEffect: withoutEffect };
}

function readAdvanced(entry: Entry): { properties: MailProperty[]; security: Record<JavaMailProtocol, SecurityFlags> } {
  const security = noFlags();
  const properties: MailProperty[] = [];
  for (const { key, entry: value } of pairs(entry.value, { key: LIFERAY_KEYS.advanced, line: entry.line })) {
    const securityKey = securityKeyOf(key);
    if (securityKey !== undefined) {
      const flags = security[securityKey.protocol];
      readSecurityKey(securityKey.suffix, value.value.trim(), { key: `${LIFERAY_KEYS.advanced} (${key})`, line: entry.line }, flags);
      flags.first ??= { key: LIFERAY_KEYS.advanced, line: entry.line, name: key };
    } else {
      properties.push({ key, value: value.value.trim() });
    }
  }
  return { properties, security };
}

/** `key=value` as Liferay's own file writes it: no folding of long lines, UTF-8 rather than `\u` escapes. */
const WRITE_OPTIONS = { keySep: '=', lineWidth: null, latin1: false } as const;

function protocolName(protocol: MailProtocol, security: ConnectionSecurity): string {
  const base = protocol === 'POP3' ? 'pop3' : 'imap';
  return security === 'TLS' ? `${base}s` : base;
}

/**
 * The settings in Liferay's keys, without passwords: what `parseLiferayProperties` reads back
 * into the same settings (`deleteAfterFetch` has no Liferay key and is not exported).
 */
/**
 * A comment per server that signs in with OAuth 2.0: Liferay's properties have no keys for it, so
 * the file says it is configured (its grant only: no client, endpoint or secret) and that an
 * import leaves it as it is.
 */
function oauth2Comments(row: StoredMailSession): string[] {
  const servers = [
    { side: 'incoming', authentication: row.incomingAuthentication, grant: row.incomingOAuth2Grant },
    { side: 'outgoing', authentication: row.outgoingAuthentication, grant: row.outgoingOAuth2Grant },
  ];
  return servers
    .filter(({ authentication }) => authentication === 'OAUTH2')
    .map(
      ({ side, grant }) =>
        `# The ${side} server signs in with OAuth 2.0 (grant ${grant ?? 'none'}), which these properties cannot express: it is not exported, nor are its secrets, and importing this file leaves it as it is.`,
    );
}

export function exportLiferayProperties(row: StoredMailSession): string {
  const incomingBase = row.incomingProtocol === 'POP3' ? 'pop3' : 'imap';
  const advanced: [string, string][] = [];
  let smtpAuth: string | undefined;
  for (const { key, value } of storedProperties(row)) {
    if (key === 'mail.smtp.auth') smtpAuth = value;
    else advanced.push([key, value]);
  }
  if (row.incomingSecurity === 'STARTTLS_OPTIONAL' || row.incomingSecurity === 'STARTTLS') advanced.push([`mail.${incomingBase}.starttls.enable`, 'true']);
  if (row.incomingSecurity === 'STARTTLS') advanced.push([`mail.${incomingBase}.starttls.required`, 'true']);
  if (row.outgoingSecurity === 'STARTTLS') advanced.push(['mail.smtp.starttls.required', 'true']);
  const line = (key: string, value: string | number | null): [string, string] => [key, value === null ? '' : String(value)];
  const lines: (string | [string, string])[] = [
    `# Mail settings, version ${row.version}. Passwords are not exported: add ${LIFERAY_KEYS.incomingPassword} and ${LIFERAY_KEYS.outgoingPassword} where needed.`,
    ...oauth2Comments(row),
    line(LIFERAY_KEYS.storeProtocol, protocolName(row.incomingProtocol, row.incomingSecurity)),
    line(LIFERAY_KEYS.incomingHost, row.incomingHost),
    line(LIFERAY_KEYS.incomingPort, row.incomingPort),
    line(LIFERAY_KEYS.incomingUser, row.incomingUser),
    line(LIFERAY_KEYS.transportProtocol, row.outgoingSecurity === 'TLS' ? 'smtps' : 'smtp'),
    line(LIFERAY_KEYS.outgoingHost, row.outgoingHost),
    line(LIFERAY_KEYS.outgoingPort, row.outgoingPort),
    line(LIFERAY_KEYS.outgoingUser, row.outgoingUser),
    line(LIFERAY_KEYS.startTls, row.outgoingSecurity === 'STARTTLS_OPTIONAL' || row.outgoingSecurity === 'STARTTLS' ? 'true' : 'false'),
    ...(smtpAuth === undefined ? [] : [line(LIFERAY_KEYS.smtpAuth, smtpAuth)]),
    line(LIFERAY_KEYS.advanced, stringify(advanced, WRITE_OPTIONS)),
    line(LIFERAY_KEYS.senderName, row.defaultSenderName),
    line(LIFERAY_KEYS.senderAddress, row.defaultSenderAddress),
  ];
  return `${stringify(lines, WRITE_OPTIONS)}\n`;
}
