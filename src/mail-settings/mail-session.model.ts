/** The mail settings as the domain sees them: plain values, passwords reduced to "set or not". */

import type { MailProperty } from '../javamail/mail-properties.js';
import type { ConfigWarningCode } from './config-warning.codes.js';
import type { MailAuthentication, OAuth2Grant, TokenStatus } from '../oauth2/oauth2-client.js';

export type MailProtocol = 'POP3' | 'IMAP';

/**
 * `NONE`: plain, never upgrade. `STARTTLS_OPTIONAL`: upgrade when the server offers it.
 * `STARTTLS`: upgrade required. `TLS`: implicit TLS from the first byte.
 */
export type ConnectionSecurity = 'NONE' | 'STARTTLS_OPTIONAL' | 'STARTTLS' | 'TLS';

/** The kinds of source settings can come from, as `mailSession.source` reports them. */
export type MailSessionSourceKind = 'DATABASE' | 'ENVIRONMENT' | 'FILE';

export type { MailProperty };

/** A server's OAuth 2.0 client as the API shows it: secrets reduced to "set or not". */
export interface OAuth2Settings {
  grant: OAuth2Grant;
  tokenUrl: string;
  clientId: string;
  scope: string | null;
  serviceAccountEmail: string | null;
  clientSecretSet: boolean;
  refreshTokenSet: boolean;
  privateKeySet: boolean;
  /** The live token of the instance that answered; NONE in a history snapshot. */
  token: TokenStatus;
}

export interface ServerSettings {
  host: string | null;
  port: number;
  security: ConnectionSecurity;
  user: string | null;
  passwordSet: boolean;
  authentication: MailAuthentication;
  /** Null unless authentication is OAUTH2. */
  oauth2: OAuth2Settings | null;
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
