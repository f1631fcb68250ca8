import type { SecureVersion } from 'node:tls';
import type { SmtpPropertyOptions } from '../javamail/mail-properties.js';
import type { SmtpAuthMechanism } from '../javamail/mail-properties.values.js';
import type { ConnectionSecurity } from '../mail-settings/mail-session.model.js';
import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { TokenCheck } from '../oauth2/token-check.js';

/**
 * The outgoing server as the settings describe it: where the live transport connects, how it
 * secures and authenticates the connection, and its timeouts. The transport factory turns it into
 * nodemailer's options; testMailSession's SMTP probe follows it step by step, so both do the same.
 */
export interface OutgoingConnection {
  host: string;
  port: number;
  security: ConnectionSecurity;
  tls: {
    rejectUnauthorized: boolean;
    checkServerIdentity: boolean;
    minVersion?: SecureVersion;
    maxVersion?: SecureVersion;
    servername?: string;
    /** Trusted authorities when not the default store (`MAIL_TLS_CA_FILE`). */
    ca?: readonly string[];
  };
  /** Password sign-in; undefined when not authenticating or when signing in with a token (`oauth2`). */
  auth: { user: string; pass: string } | undefined;
  /** OAuth 2.0 sign-in (XOAUTH2) as `user` with the source's access tokens; excludes `auth`. */
  oauth2: { user: string; tokens: AccessTokenSource; check?: TokenCheck } | undefined;
  /** `mail.smtp.auth.mechanisms`, as the properties give it. */
  authMethod: SmtpAuthMechanism | undefined;
  /** `mail.smtp.localhost`: the EHLO name; unset: nodemailer's default. */
  name: string | undefined;
  connectionTimeout: number | undefined;
  greetingTimeout: number | undefined;
  socketTimeout: number | undefined;
  /** The envelope sender: `mail.smtp.from`, else the default sender's address. */
  sender: string | undefined;
}

/** The settings of one outgoing server that `outgoingConnection` derives from, passwords decrypted. */
export interface OutgoingSettings {
  host: string;
  port: number;
  security: ConnectionSecurity;
  user: string | null;
  password: string | undefined;
  defaultSenderAddress: string | null;
  /** Set when the server signs in with OAuth 2.0 (`authentication: OAUTH2`): the token cache of its client. */
  tokens?: AccessTokenSource;
  /** The connection test's detailed token fetch (TOKEN step), with `tokens`. */
  tokenCheck?: TokenCheck;
}

/**
 * `tls` is the factory's TLS decision for this host (trust, host name check, versions, SNI), so
 * the probe checks certificates exactly as the live transport does.
 */
export function outgoingConnection(settings: OutgoingSettings, smtp: SmtpPropertyOptions, tls: OutgoingConnection['tls']): OutgoingConnection {
  const authenticate = settings.user !== null && smtp.auth !== false;
  const tokens = authenticate ? settings.tokens : undefined;
  return {
    host: settings.host,
    port: settings.port,
    security: settings.security,
    tls,
    auth: authenticate && !tokens ? { user: settings.user ?? '', pass: settings.password ?? '' } : undefined,
    oauth2: tokens ? { user: settings.user ?? '', tokens, ...(settings.tokenCheck && { check: settings.tokenCheck }) } : undefined,
    authMethod: smtp.authMethod,
    name: smtp.name,
    connectionTimeout: smtp.connectionTimeout,
    greetingTimeout: smtp.greetingTimeout,
    socketTimeout: smtp.socketTimeout,
    sender: smtp.envelopeFrom ?? settings.defaultSenderAddress ?? undefined,
  };
}
