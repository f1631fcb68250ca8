/**
 * One request to a token endpoint: https only, through the network policy (resolve once, judge
 * every address, connect only to a permitted one) and the service's TLS trust (system store +
 * MAIL_TLS_CA_FILE), certificate and host name always verified, a time limit on the whole
 * exchange, a cap on the answer's size, redirects not followed.
 */
import { request } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { handshakeFailure } from '../mail-check/failure-classifier.js';
import { AddressNotAllowedError, connectUnderPolicy } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { httpsHandshake } from '../transport/https-handshake.js';
import type { TlsTrust } from '../transport/tls-trust.js';
import type { OAuth2Client } from './oauth2-client.js';
import { TokenError } from './token-error.js';
import { tokenRequest } from './token-request.js';
import { readTokenResponse, type GrantedToken } from './token-response.js';

/** The whole exchange (resolve, connect, handshake, request, answer) must end within this. */
export const TOKEN_REQUEST_TIMEOUT_MS = 10_000;
/** The largest answer read; a token response is a few KiB. */
export const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;

export interface TokenEndpointOptions {
  readonly network: NetworkPolicy;
  readonly trust: TlsTrust;
  readonly timeoutMs?: number | undefined;
  readonly maxResponseBytes?: number | undefined;
  /** Ends the exchange early (a connection test's whole-test limit); reported as TIMEOUT. */
  readonly signal?: AbortSignal | undefined;
}

/** How the connection to the token endpoint was secured (for a connection test's TOKEN step). */
export interface TokenTlsDetails {
  /** `TLSv1.3`, `TLSv1.2`. */
  readonly protocol: string | null;
  readonly cipher: string | null;
  /** The certificate chain and host name were verified (always true: unverified connections fail). */
  readonly verified: boolean;
  /** The address connected to, as judged by the network policy. */
  readonly address: string | null;
}

/** A token and how it was obtained. */
export interface TokenFetchResult extends GrantedToken {
  readonly tls: TokenTlsDetails;
  readonly httpStatus: number;
}

/** The endpoint's host and port from an https URL; CLIENT_MISCONFIGURED otherwise. */
export function tokenEndpointAddress(tokenUrl: string): { url: URL; host: string; port: number } {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new TokenError('CLIENT_MISCONFIGURED', 'the token URL is not a URL');
  }
  if (url.protocol !== 'https:') throw new TokenError('CLIENT_MISCONFIGURED', `the token URL must be https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username !== '' || url.password !== '') throw new TokenError('CLIENT_MISCONFIGURED', 'the token URL must not carry a user name or password');
  if (url.hash !== '') throw new TokenError('CLIENT_MISCONFIGURED', 'the token URL must not have a fragment (#...)');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { url, host, port: url.port === '' ? 443 : Number(url.port) };
}

/** The exchange's own limit or the caller's signal ended it (either is reported as TIMEOUT). */
function timedOut(signal: AbortSignal): boolean {
  return signal.aborted;
}

function timeoutError(limit: number): TokenError {
  return new TokenError('TIMEOUT', `the token endpoint did not answer within ${limit / 1000} s`);
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function connectFailure(error: unknown, host: string, signal: AbortSignal, limit: number): TokenError {
  if (error instanceof AddressNotAllowedError) {
    return new TokenError(
      'ADDRESS_NOT_ALLOWED',
      `the token endpoint's host ${host} is refused by this service's network policy (MAIL_NETWORK_DENY / MAIL_NETWORK_ALLOW); no connection was made`,
    );
  }
  if (timedOut(signal) || errorCode(error) === 'ETIMEDOUT') return timeoutError(limit);
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TokenError('ENDPOINT_UNREACHABLE', `the token endpoint's host ${host} has no address (${code})`);
  return new TokenError('ENDPOINT_UNREACHABLE', `the token endpoint ${host} cannot be reached${code ? ` (${code})` : ''}`);
}

function tlsFailure(error: unknown, host: string): TokenError {
  const verdict = handshakeFailure(error).code;
  switch (verdict) {
    case 'CERTIFICATE_UNTRUSTED':
      return new TokenError(
        'CERTIFICATE_UNTRUSTED',
        `the token endpoint's certificate (${host}) does not lead to a trusted authority; a private authority belongs in MAIL_TLS_CA_FILE`,
      );
    case 'CERTIFICATE_NAME_MISMATCH':
      return new TokenError('CERTIFICATE_NAME_MISMATCH', `the token endpoint's certificate is not issued for ${host}`);
    case 'CERTIFICATE_EXPIRED':
      return new TokenError('CERTIFICATE_EXPIRED', `the token endpoint's certificate (${host}) has expired or is not yet valid`);
    default:
      return new TokenError('TLS_FAILED', `the TLS handshake with the token endpoint ${host} failed${errorCode(error) ? ` (${errorCode(error)})` : ''}`);
  }
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function exchange(secure: TLSSocket, url: URL, form: string, signal: AbortSignal, maxBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: {
          host: url.host,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
          accept: 'application/json',
          'user-agent': 'mail-session-service',
        },
        createConnection: () => secure,
        signal,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            incoming.destroy();
            reject(
              new TokenError('INVALID_RESPONSE', `the token endpoint's answer is larger than ${maxBytes / 1024} KiB`, { httpStatus: incoming.statusCode }),
            );
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, contentType: incoming.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(form);
  });
}

/**
 * Obtains a token for `client` (one request, no cache). Throws TokenError, whose message is
 * safe to show; never anything else.
 */
export async function fetchToken(client: OAuth2Client, options: TokenEndpointOptions, now: () => Date = () => new Date()): Promise<TokenFetchResult> {
  const limit = options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? TOKEN_RESPONSE_MAX_BYTES;
  const { url, host, port } = tokenEndpointAddress(client.tokenUrl);
  const { form, secrets } = await tokenRequest(client, now());
  const signal = options.signal ? AbortSignal.any([AbortSignal.timeout(limit), options.signal]) : AbortSignal.timeout(limit);

  let socket: Socket;
  try {
    socket = await connectUnderPolicy(options.network, host, port, signal);
  } catch (error) {
    throw connectFailure(error, host, signal, limit);
  }
  let secure: TLSSocket | undefined;
  try {
    try {
      secure = await httpsHandshake(socket, host, options.trust, signal);
    } catch (error) {
      if (timedOut(signal)) throw timeoutError(limit);
      throw tlsFailure(error, host);
    }
    const tls: TokenTlsDetails = {
      protocol: secure.getProtocol(),
      cipher: secure.getCipher().name,
      verified: secure.authorized,
      address: socket.remoteAddress ?? null,
    };
    let answer: Answer;
    try {
      answer = await exchange(secure, url, form.toString(), signal, maxBytes);
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (timedOut(signal)) throw timeoutError(limit);
      throw new TokenError(
        'ENDPOINT_UNREACHABLE',
        `the token endpoint ${host} closed the connection before answering${errorCode(error) ? ` (${errorCode(error)})` : ''}`,
      );
    }
    if (answer.status >= 300 && answer.status < 400) {
      throw new TokenError(
        'INVALID_RESPONSE',
        `the token endpoint answered with a redirect (HTTP ${answer.status}), which is not followed; enter the final token URL`,
        {
          httpStatus: answer.status,
        },
      );
    }
    const granted = readTokenResponse(answer.status, answer.contentType, answer.text, now(), secrets);
    return { ...granted, tls, httpStatus: answer.status };
  } finally {
    secure?.destroy();
    socket.destroy();
  }
}
