import type { ConnectionSecurity, MailProtocol } from '../mail-settings/mail-session.model.js';
import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { TokenCheck } from '../oauth2/token-check.js';

/**
 * How to reach the incoming mailbox (POP3 or IMAP): the options a client needs to connect, in
 * one protocol-neutral shape. Checking the mailbox is built on this later.
 */
export interface MailboxConnection {
  protocol: MailProtocol;
  host: string;
  port: number;
  security: ConnectionSecurity;
  /** Implicit TLS from the first byte. */
  secure: boolean;
  startTls: 'never' | 'optional' | 'required';
  /** The user to sign in as; `pass` is empty when `oauth2` is set. */
  auth: { user: string; pass: string } | undefined;
  /** OAuth 2.0 sign-in (POP3 `AUTH XOAUTH2`, IMAP OAUTHBEARER else XOAUTH2) with the source's access tokens. */
  oauth2?: { user: string; tokens: AccessTokenSource; check?: TokenCheck };
  tls: {
    rejectUnauthorized: boolean;
    checkServerIdentity: boolean;
    minVersion?: string;
    maxVersion?: string;
    servername?: string;
    /** Trusted authorities when not the default store (`MAIL_TLS_CA_FILE`). */
    ca?: readonly string[];
  };
  connectionTimeout: number | undefined;
  socketTimeout: number | undefined;
  deleteAfterFetch: boolean;
  /** IMAP: the folder the reader reads (`mail.imap.folder`, default INBOX); POP3 has one mailbox. */
  folder?: string;
  /** IMAP with `deleteAfterFetch`: move stored messages here instead of deleting them (`mail.imap.movetofolder`). */
  moveToFolder?: string;
}
