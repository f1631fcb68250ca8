import { parseLines, stringify, type Pair } from 'dot-properties';
import type { ConnectionSecurity, MailProperty, MailProtocol } from '../mail-settings/mail-session.model.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { storedProperties } from '../mail-settings/mail-session.row.js';
import { emptySourceSettings, SourceProblem, sourceFlag, sourcePort, sourceText, type SourceSettings } from '../settings-source/source-settings.js';

/*
 * Liferay's own keys (portal.properties, "Mail"), so that a portal-ext.properties can be used
 * unchanged. Liferay reads the incoming server from the `pop3` keys whatever the store protocol.
 */
const PREFIX = 'mail.session.mail.';
export const LIFERAY_KEYS = {
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

/** JavaMail keys in the advanced properties that choose a connection's security: read into `security`. */
type SecuritySuffix = 'ssl.enable' | 'starttls.enable' | 'starttls.required';

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
 * - In `advanced.properties`, `mail.<p>.ssl.enable`, `.starttls.enable` and `.starttls.required`
 *   choose the security of the server they belong to; `smtp.auth` becomes `mail.smtp.auth`; every
 *   other entry becomes an additional property.
 *
 * @throws SourceProblem naming the key (and line) of the first problem.
 */
export function parseLiferayProperties(text: string): ParsedLiferayProperties {
  const values = new Map<string, Entry>();
  const ignored = new Set<string>();
  for (const { key, entry } of pairs(text)) {
    if (KNOWN_KEYS.has(key)) values.set(key, entry);
    else if (MAIL_NAMESPACES.some((ns) => key.startsWith(ns))) {
      throw new SourceProblem(key, `not a mail setting this service reads; the keys it reads are ${[...KNOWN_KEYS].join(', ')}`, entry.line);
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

  const store = read(LIFERAY_KEYS.storeProtocol, (raw, line) => {
    const found = STORE_PROTOCOLS.get(raw);
    if (found === undefined) throw new SourceProblem(LIFERAY_KEYS.storeProtocol, `expected pop3, pop3s, imap or imaps, got "${raw}"`, line);
    return found;
  });
  const transport = read(LIFERAY_KEYS.transportProtocol, (raw, line) => {
    if (raw !== 'smtp' && raw !== 'smtps') throw new SourceProblem(LIFERAY_KEYS.transportProtocol, `expected smtp or smtps, got "${raw}"`, line);
    return raw;
  });
  const startTls = read(LIFERAY_KEYS.startTls, (raw, line) => sourceFlag(LIFERAY_KEYS.startTls, raw, line));
  const smtpAuth = read(LIFERAY_KEYS.smtpAuth, (raw, line) => ({
    value: sourceFlag(LIFERAY_KEYS.smtpAuth, raw, line) ? ('true' as const) : ('false' as const),
    line,
  }));
  const advancedEntry = get(LIFERAY_KEYS.advanced);
  const advanced = advancedEntry === undefined ? undefined : readAdvanced(advancedEntry);

  const incomingProtocol = store?.protocol ?? 'POP3';
  const incomingFlags = advanced?.security[incomingProtocol === 'POP3' ? 'pop3' : 'imap'] ?? {};
  if (advanced !== undefined) {
    const other = incomingProtocol === 'POP3' ? 'imap' : 'pop3';
    const stray = Object.keys(advanced.security[other])[0];
    if (stray !== undefined) {
      throw new SourceProblem(
        LIFERAY_KEYS.advanced,
        `mail.${other}.${stray} does not apply: the store protocol is ${incomingProtocol.toLowerCase()}`,
        advanced.line,
      );
    }
  }
  if (store !== undefined || Object.keys(incomingFlags).length > 0) {
    settings.incoming.protocol = incomingProtocol;
    settings.incoming.security = securityOf(store?.tls ?? false, incomingFlags);
  }
  const smtpFlags = { ...(startTls === undefined ? {} : { 'starttls.enable': startTls }), ...(advanced?.security.smtp ?? {}) };
  if (transport !== undefined || Object.keys(smtpFlags).length > 0) {
    settings.outgoing.security = securityOf(transport === 'smtps', smtpFlags);
  }
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
  return { settings, ignoredKeys: [...ignored] };
}

type SecurityFlags = Partial<Record<SecuritySuffix, boolean>>;

function securityOf(implicitTls: boolean, flags: SecurityFlags): ConnectionSecurity {
  if (implicitTls || flags['ssl.enable']) return 'TLS';
  if (flags['starttls.required']) return 'STARTTLS';
  if (flags['starttls.enable']) return 'STARTTLS_OPTIONAL';
  return 'NONE';
}

function readAdvanced(entry: Entry): { properties: MailProperty[]; security: Record<'smtp' | 'pop3' | 'imap', SecurityFlags>; line: number | undefined } {
  const security: Record<'smtp' | 'pop3' | 'imap', SecurityFlags> = { smtp: {}, pop3: {}, imap: {} };
  const properties: MailProperty[] = [];
  for (const { key, entry: value } of pairs(entry.value, { key: LIFERAY_KEYS.advanced, line: entry.line })) {
    const match = /^mail\.(smtp|pop3|imap)\.(ssl\.enable|starttls\.enable|starttls\.required)$/.exec(key);
    if (match) {
      const flagKey = `${LIFERAY_KEYS.advanced} (${key})`;
      security[match[1] as 'smtp' | 'pop3' | 'imap'][match[2] as keyof SecurityFlags] = sourceFlag(flagKey, value.value.trim(), entry.line);
    } else {
      properties.push({ key, value: value.value.trim() });
    }
  }
  return { properties, security, line: entry.line };
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
