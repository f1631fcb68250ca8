/**
 * The values a setting takes when it has never been set, which are also what `null` resets a
 * non-nullable input field to: the defaults of the settings table (a new installation's row)
 * and, for a port, the usual port of the protocol and security mode in force. Pure.
 */
import type { ConnectionSecurity, MailProtocol } from './mail-session.model.js';

export const DEFAULT_PROTOCOL: MailProtocol = 'POP3';
export const DEFAULT_SECURITY: ConnectionSecurity = 'NONE';
export const DEFAULT_DELETE_AFTER_FETCH = true;

/** The port `null` resets to: implicit TLS has its own port, every other mode the plain one. */
const DEFAULT_PORTS: Record<MailProtocol | 'SMTP', { plain: number; tls: number }> = {
  SMTP: { plain: 25, tls: 465 },
  POP3: { plain: 110, tls: 995 },
  IMAP: { plain: 143, tls: 993 },
};

export function defaultPort(protocol: MailProtocol | 'SMTP', security: ConnectionSecurity): number {
  const ports = DEFAULT_PORTS[protocol];
  return security === 'TLS' ? ports.tls : ports.plain;
}
