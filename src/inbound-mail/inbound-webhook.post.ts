/**
 * One POST of a webhook body: http or https, through the network policy (resolve once, judge
 * every address, connect only to a permitted one) and the service's TLS trust (system store +
 * MAIL_TLS_CA_FILE, certificate and host name verified), a time limit on the whole exchange, the
 * answer's body read up to a cap and dropped, redirects not followed.
 */
import { request } from 'node:http';
import { connectUnderPolicy } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { httpsHandshake } from '../transport/https-handshake.js';
import type { TlsTrust } from '../transport/tls-trust.js';

/** Bytes of the receiver's answer read at most (only its status counts). */
const MAX_ANSWER_BYTES = 16 * 1024;

export interface WebhookPostOptions {
  readonly network: NetworkPolicy;
  readonly trust: TlsTrust;
  readonly timeoutMs: number;
}

/** POSTs `body` to `url` with `headers`; resolves with the answer's HTTP status, rejects when there is none. */
export async function postWebhook(url: URL, body: string, headers: Readonly<Record<string, string>>, options: WebhookPostOptions): Promise<number> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const socket = await connectUnderPolicy(options.network, host, port, signal);
  try {
    const connection = url.protocol === 'https:' ? await httpsHandshake(socket, host, options.trust, signal) : socket;
    return await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        {
          method: 'POST',
          path: `${url.pathname}${url.search}`,
          headers: {
            ...headers,
            host: url.host,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'mail-session-service',
          },
          createConnection: () => connection,
          signal,
        },
        (incoming) => {
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) incoming.destroy();
          });
          incoming.on('error', () => resolve(incoming.statusCode ?? 0));
          incoming.on('close', () => resolve(incoming.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  } finally {
    socket.destroy();
  }
}
