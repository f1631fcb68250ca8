/** The mail settings as the domain sees them: plain values, passwords reduced to "set or not". */

import type { MailProperty } from '../javamail/mail-properties.js';
import type { ConfigWarningCode } from './config-warning.codes.js';

export type MailProtocol = 'POP3' | 'IMAP';

/**
 * `NONE`: plain, never upgrade. `STARTTLS_OPTIONAL`: upgrade when the server offers it.
 * `STARTTLS`: upgrade required. `TLS`: implicit TLS from the first byte.
 */
export type ConnectionSecurity = 'NONE' | 'STARTTLS_OPTIONAL' | 'STARTTLS' | 'TLS';

/** The kinds of source settings can come from, as `mailSession.source` reports them. */
export type MailSessionSourceKind = 'DATABASE' | 'ENVIRONMENT' | 'FILE';

export type { MailProperty };

export interface ServerSettings {
  host: string | null;
  port: number;
  security: ConnectionSecurity;
  user: string | null;
  passwordSet: boolean;
}

export interface IncomingSettings extends ServerSettings {
  protocol: MailProtocol;
  deleteAfterFetch: boolean;
}

export type OutgoingSettings = ServerSettings;

export interface DefaultSender {
  name: string | null;
  address: string | null;
}

export interface MailSettings {
  incoming: IncomingSettings;
  outgoing: OutgoingSettings;
  additionalProperties: MailProperty[];
  defaultSender: DefaultSender;
}

/** A setting that is legal but almost surely wrong. `field` is an input path such as `["outgoing", "port"]`. */
export interface ConfigWarning {
  code: ConfigWarningCode;
  field: string[];
  message: string;
}
