import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TlsTrust } from './tls-trust.js';

/**
 * TLS for an HTTPS request on a socket already connected under the network policy: the service's
 * trust (system store + MAIL_TLS_CA_FILE), certificate and host name always verified, TLS 1.2 at
 * least, ALPN http/1.1. Rejects with the handshake's error, or when `signal` aborts first.
 */
export function httpsHandshake(socket: Socket, host: string, trust: TlsTrust, signal: AbortSignal): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      host,
      // SNI carries host names only (RFC 6066).
      ...(isIP(host) === 0 && { servername: host }),
      ...(trust.ca && { ca: [...trust.ca] }),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ALPNProtocols: ['http/1.1'],
    });
    const onAbort = () => {
      secure.destroy();
      reject(new Error('the TLS handshake was aborted (time limit)'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    secure.once('error', (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    secure.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      secure.removeAllListeners('error');
      secure.on('error', () => undefined);
      resolve(secure);
    });
  });
}
