/** The JavaMail property keys the service understands, and those it refuses because a field owns them. */

export type MailPropertyProtocol = 'smtp' | 'pop3' | 'imap';

export const MAIL_PROPERTY_PROTOCOLS: readonly MailPropertyProtocol[] = ['smtp', 'pop3', 'imap'];

/** What a supported key sets; `mail-properties.ts` turns each kind into options. */
export type MailPropertyKind =
  | 'connectionTimeout'
  | 'timeout'
  | 'writeTimeout'
  | 'checkServerIdentity'
  | 'trust'
  | 'protocols'
  | 'localhost'
  | 'from'
  | 'auth'
  | 'authMechanisms'
  | 'authLoginDisable'
  | 'authPlainDisable'
  | 'debug';

/** A supported key; `protocol` is null for the global `mail.debug`. */
export interface SupportedMailProperty {
  key: string;
  kind: MailPropertyKind;
  protocol: MailPropertyProtocol | null;
  /** See {@link KeyDefinition.guardsPassword}. */
  guardsPassword: boolean;
}

/** One row of the README table of supported keys. */
export interface MailPropertyDoc {
  key: string;
  value: string;
  mapsTo: string;
}

/** Longest accepted timeout: ten minutes. */
export const MAX_TIMEOUT_MS = 600_000;

const MILLISECONDS = `whole milliseconds, 1 to ${MAX_TIMEOUT_MS}`;
const BOOLEAN = '`true` or `false`';
const SOCKET_TIMEOUT = '`socketTimeout`: the smaller of `timeout` and `writetimeout` (nodemailer has no separate write timeout)';

interface KeyDefinition {
  suffix: string;
  kind: MailPropertyKind;
  smtpOnly: boolean;
  /**
   * True when the key decides where or how the stored password of its side travels: it weakens
   * TLS (certificate, host name, versions) or chooses the SASL mechanism. Changing such a key
   * needs that password given again, as changing the host does (see mail-settings/mail-session.update.ts).
   * Required, so that a new key must be judged when it is added.
   */
  guardsPassword: boolean;
  value: string;
  /** What the key sets on nodemailer's SMTP transport. */
  smtp: string;
  /** What the key sets on the POP3/IMAP client, when it differs from `smtp`. */
  mailbox?: string;
}

const DEFINITIONS: readonly KeyDefinition[] = [
  {
    suffix: 'connectiontimeout',
    kind: 'connectionTimeout',
    smtpOnly: false,
    guardsPassword: false,
    value: MILLISECONDS,
    smtp: 'nodemailer `connectionTimeout`',
    mailbox: 'client `connectionTimeout`',
  },
  {
    suffix: 'timeout',
    kind: 'timeout',
    smtpOnly: false,
    guardsPassword: false,
    value: MILLISECONDS,
    smtp: `nodemailer \`greetingTimeout\`, and ${SOCKET_TIMEOUT}`,
    mailbox: `client \`greetingTimeout\`, and ${SOCKET_TIMEOUT}`,
  },
  {
    suffix: 'writetimeout',
    kind: 'writeTimeout',
    smtpOnly: false,
    guardsPassword: false,
    value: MILLISECONDS,
    smtp: `nodemailer ${SOCKET_TIMEOUT}`,
    mailbox: `client ${SOCKET_TIMEOUT}`,
  },
  {
    suffix: 'ssl.checkserveridentity',
    kind: 'checkServerIdentity',
    smtpOnly: false,
    guardsPassword: true,
    value: BOOLEAN,
    smtp: '`false`: `tls.checkServerIdentity` accepts any name, so the certificate need not be for this host (default `true`)',
  },
  {
    suffix: 'ssl.trust',
    kind: 'trust',
    smtpOnly: false,
    guardsPassword: true,
    value: '`*`, or host names separated by spaces',
    smtp: '`tls.rejectUnauthorized: false` for every host (`*`) or for the listed hosts: their certificates are not verified at all',
  },
  {
    suffix: 'ssl.protocols',
    kind: 'protocols',
    smtpOnly: false,
    guardsPassword: true,
    value: 'one or more of `TLSv1` `TLSv1.1` `TLSv1.2` `TLSv1.3` separated by spaces, without a gap',
    smtp: '`tls.minVersion` and `tls.maxVersion`: the lowest and the highest listed',
  },
  {
    suffix: 'localhost',
    kind: 'localhost',
    smtpOnly: true,
    guardsPassword: false,
    value: 'a host name or IP address',
    smtp: 'nodemailer `name`, the EHLO name (an IP address is sent as an address literal, `[192.0.2.1]`)',
  },
  {
    suffix: 'from',
    kind: 'from',
    smtpOnly: true,
    guardsPassword: false,
    value: 'an e-mail address',
    smtp: 'the envelope sender (SMTP `MAIL FROM`, nodemailer `envelope.from`); the From header is `defaultSender`',
  },
  {
    suffix: 'auth',
    kind: 'auth',
    smtpOnly: true,
    // Whether to authenticate, not where or how: every key that decides those is guarded.
    guardsPassword: false,
    value: BOOLEAN,
    smtp: '`false`: nodemailer gets no `auth` and never authenticates, even when `outgoing.user` is set; `true` (default): authenticate when a user is set',
  },
  {
    suffix: 'auth.mechanisms',
    kind: 'authMechanisms',
    smtpOnly: true,
    guardsPassword: true,
    value:
      "one or more of `PLAIN` `LOGIN` `CRAM-MD5` separated by spaces; `XOAUTH2` only when the outgoing server's authentication is `OAUTH2` (which always signs in with XOAUTH2), refused with `PASSWORD`",
    smtp: 'nodemailer `authMethod`: the first listed that is not disabled (nodemailer takes a single method)',
  },
  {
    suffix: 'auth.login.disable',
    kind: 'authLoginDisable',
    smtpOnly: true,
    guardsPassword: true,
    value: BOOLEAN,
    smtp: '`true`: LOGIN is never chosen as nodemailer `authMethod`',
  },
  {
    suffix: 'auth.plain.disable',
    kind: 'authPlainDisable',
    smtpOnly: true,
    guardsPassword: true,
    value: BOOLEAN,
    smtp: '`true`: PLAIN is never chosen as nodemailer `authMethod`',
  },
];

const DEBUG: SupportedMailProperty & MailPropertyDoc = {
  key: 'mail.debug',
  kind: 'debug',
  protocol: null,
  // nodemailer masks credentials in its protocol log; the POP3/IMAP clients log no AUTH lines.
  guardsPassword: false,
  value: BOOLEAN,
  mapsTo: 'nodemailer `debug` and `logger`; POP3/IMAP client protocol logging',
};

const ROWS: readonly (SupportedMailProperty & MailPropertyDoc)[] = [
  DEBUG,
  ...MAIL_PROPERTY_PROTOCOLS.flatMap((protocol) =>
    DEFINITIONS.filter((definition) => protocol === 'smtp' || !definition.smtpOnly).map((definition) => ({
      key: `mail.${protocol}.${definition.suffix}`,
      kind: definition.kind,
      protocol,
      guardsPassword: definition.guardsPassword,
      value: definition.value,
      mapsTo: protocol === 'smtp' ? definition.smtp : (definition.mailbox ?? definition.smtp),
    })),
  ),
];

/** Every key `parseMailProperties` accepts, in README order. */
export const SUPPORTED_MAIL_PROPERTY_KEYS: readonly string[] = ROWS.map((row) => row.key);

/** The README table: each supported key, the values it accepts and the option it sets. */
export const MAIL_PROPERTY_DOCS: readonly MailPropertyDoc[] = ROWS.map(({ key, value, mapsTo }) => ({ key, value, mapsTo }));

const SUPPORTED = new Map<string, SupportedMailProperty>(ROWS.map(({ key, kind, protocol, guardsPassword }) => [key, { key, kind, protocol, guardsPassword }]));

/** The keys whose change needs the stored password of their side given again, in README order. */
export const PASSWORD_GUARDING_KEYS: readonly string[] = ROWS.filter((row) => row.guardsPassword).map((row) => row.key);

/** The supported key spelled exactly `key`, if any. */
export function supportedMailProperty(key: string): SupportedMailProperty | undefined {
  return SUPPORTED.get(key);
}

/** The supported key that differs from `key` only in case, if any: keys are case-sensitive. */
export function sameKeyInOtherCase(key: string): string | undefined {
  const lower = key.toLowerCase();
  return SUPPORTED_MAIL_PROPERTY_KEYS.find((supported) => supported.toLowerCase() === lower);
}

// The global mail.debug (protocol null) belongs to neither side.
const SIDE = new Map<MailPropertyProtocol | null, 'outgoing' | 'incoming'>([
  ['smtp', 'outgoing'],
  ['pop3', 'incoming'],
  ['imap', 'incoming'],
]);

/**
 * Whose stored password `key` guards (`outgoing` for `mail.smtp.*`, `incoming` for POP3 and
 * IMAP), or undefined when changing the key leaves both passwords where they were.
 */
export function passwordGuardedBy(key: string): 'outgoing' | 'incoming' | undefined {
  const spec = SUPPORTED.get(key);
  return spec?.guardsPassword === true ? SIDE.get(spec.protocol) : undefined;
}

const SECURITY_MODES = 'NONE, STARTTLS_OPTIONAL, STARTTLS or TLS';

// A Map, not an object literal: the key comes from the client, and `constructor` or `__proto__`
// would find Object.prototype's members.
const GLOBAL_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['mail.host', 'use outgoing.host and incoming.host'],
  ['mail.user', 'use outgoing.user and incoming.user'],
  ['mail.password', 'use outgoing.password and incoming.password'],
  // JavaMail's mail.from is the From header; the SMTP envelope sender is mail.smtp.from.
  ['mail.from', 'use defaultSender.address'],
  ['mail.store.protocol', 'use incoming.protocol'],
]);

const TRANSPORT_PROTOCOL = /^mail\.transport\.protocol(?:\..+)?$/;
const IMPLICIT_TLS_PROTOCOL = /^mail\.(smtp|pop3|imap)s\./;
const SECURITY_KEY = /^mail\.(?:smtp|pop3|imap)\.(?:ssl\.enable|starttls\.enable|starttls\.required|(?:ssl\.)?socketFactory(?:\..+)?)$/;

// What the socket factory keys mean, as the Liferay file reader takes them (src/liferay/javamail-security-keys.ts).
const SOCKET_FACTORY_MEANINGS: ReadonlyMap<string, (side: string) => string> = new Map([
  [
    'socketFactory.class',
    (side: string) => `javax.net.ssl.SSLSocketFactory means TLS from the first byte (${side}.security TLS); this service runs no Java class`,
  ],
  ['socketFactory.port', (side: string) => `JavaMail connects to it instead of the port when a socket factory is set (${side}.port)`],
  ['socketFactory.fallback', () => 'this service never falls back to a plain connection when TLS fails, which is what false asks'],
]);
const OWN_FIELD_KEY = /^mail\.(?:smtp|pop3|imap)\.(host|port|user|password)$/;

/**
 * Why `key` may not be set as a property, as the end of the sentence "`key` cannot be set as a
 * property: …", or undefined when it may. These keys set something that has its own field, so
 * accepting them would bypass that field's validation.
 */
export function refusalOf(key: string): string | undefined {
  const global = GLOBAL_REFUSALS.get(key);
  if (global !== undefined) return global;
  if (TRANSPORT_PROTOCOL.test(key)) {
    return 'SMTP is the only outgoing protocol (use incoming.protocol to choose POP3 or IMAP)';
  }
  const side = key.startsWith('mail.smtp') ? 'outgoing' : 'incoming';
  const implicitTls = IMPLICIT_TLS_PROTOCOL.exec(key)?.[1];
  if (implicitTls !== undefined) {
    return `use ${side}.security (TLS selects implicit TLS, which is what ${implicitTls}s means) with the mail.${implicitTls}.* keys`;
  }
  const ownField = OWN_FIELD_KEY.exec(key)?.[1];
  if (ownField !== undefined) return `use ${side}.${ownField}`;
  if (SECURITY_KEY.test(key)) {
    const meaning = SOCKET_FACTORY_MEANINGS.get(key.slice(key.indexOf('.', 'mail.'.length) + 1));
    return `use ${side}.security (${SECURITY_MODES})${meaning === undefined ? '' : `: ${meaning(side)}`}`;
  }
  return undefined;
}
