import type { Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { connectUnderPolicy } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';

/** Connecting gives up after this when the settings set no `connectiontimeout`. */
const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** Node's TLS options for the mailbox, exactly as the connection test judges them (trust, host name check, versions, SNI). */
export function mailboxTlsOptions(connection: MailboxConnection): ConnectionOptions {
  const { tls } = connection;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(!tls.checkServerIdentity && { checkServerIdentity: () => undefined }),
    ...(tls.servername !== undefined && { servername: tls.servername }),
    ...(tls.ca && { ca: [...tls.ca] }),
    ...(tls.minVersion && { minVersion: tls.minVersion as ConnectionOptions['minVersion'] }),
    ...(tls.maxVersion && { maxVersion: tls.maxVersion as ConnectionOptions['maxVersion'] }),
  };
}

/** Starts TLS on `socket` (implicit TLS, or after STARTTLS/STLS); resolves once the handshake passed. */
export function secureMailboxSocket(socket: Socket, connection: MailboxConnection): { secure: TLSSocket; ready: Promise<TLSSocket> } {
  const secure = connectTls({ socket, host: connection.host, ...mailboxTlsOptions(connection) });
  const ready = new Promise<TLSSocket>((resolve, reject) => {
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
  });
  return { secure, ready };
}

/**
 * A connected socket to the mailbox under the network policy (only a resolved address the
 * policy permits), with implicit TLS done for security TLS. STARTTLS is the protocol's business.
 */
export async function openMailboxSocket(connection: MailboxConnection, network: NetworkPolicy, signal: AbortSignal): Promise<Socket> {
  const timeout = AbortSignal.timeout(connection.connectionTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const plain = await connectUnderPolicy(network, connection.host, connection.port, AbortSignal.any([signal, timeout]));
  if (connection.security !== 'TLS') return plain;
  const { secure, ready } = secureMailboxSocket(plain, connection);
  try {
    return await ready;
  } catch (error) {
    secure.destroy();
    throw error;
  }
}
