/** Every code a ConfigWarning can carry, with what it means. Pure; mirrored by the GraphQL enum `ConfigWarningCode`. */

/** The codes `configWarnings` returns: settings that are legal but almost surely wrong. */
export const SETTINGS_WARNING_CODES = [
  'PORT_PROTOCOL_MISMATCH',
  'IMPLICIT_TLS_ON_PLAIN_PORT',
  'PLAIN_ON_TLS_PORT',
  'STARTTLS_ON_TLS_PORT',
  'PASSWORD_OVER_PLAINTEXT',
  'CERTIFICATE_CHECKS_DISABLED',
  'MAILBOX_KEEPS_MESSAGES',
] as const;

export type SettingsWarningCode = (typeof SETTINGS_WARNING_CODES)[number];

/** importMailSessionProperties: a key that is not a mail setting, or changes nothing here. */
export const IGNORED_PROPERTY = 'IGNORED_PROPERTY';

export type ConfigWarningCode = SettingsWarningCode | typeof IGNORED_PROPERTY;

export const CONFIG_WARNING_DESCRIPTIONS: Record<ConfigWarningCode, string> = {
  PORT_PROTOCOL_MISMATCH: "The port is another protocol's usual port (e.g. 993, IMAPS, for the outgoing SMTP server)",
  IMPLICIT_TLS_ON_PLAIN_PORT: 'Security TLS (TLS from the first byte) on a port for plain connections upgraded with STARTTLS (e.g. 587)',
  PLAIN_ON_TLS_PORT: 'Security NONE or STARTTLS_OPTIONAL on a port for implicit TLS (e.g. 465): the server expects a TLS handshake first',
  STARTTLS_ON_TLS_PORT: 'Security STARTTLS on a port for implicit TLS (e.g. 465): the server expects a TLS handshake, not a STARTTLS command',
  PASSWORD_OVER_PLAINTEXT: 'A password is set and the connection to a remote host is not sure to be encrypted (security NONE or STARTTLS_OPTIONAL)',
  CERTIFICATE_CHECKS_DISABLED: "Additional properties turn off (part of) the check of a server's certificate (ssl.trust, ssl.checkserveridentity)",
  MAILBOX_KEEPS_MESSAGES: 'incoming.deleteAfterFetch is false: the application that reads the mailbox leaves fetched messages on the server',
  IGNORED_PROPERTY: 'importMailSessionProperties: a key that is not a mail setting, or a mail key that changes nothing here, was ignored',
};
