/**
 * Outbound TCP under the network policy: resolve a host once, judge every address, connect only
 * to an address that was judged (so a second DNS answer cannot swap in another one). TLS, if
 * any, is started by the caller on the returned socket, with the host name as its identity.
 */

import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import type { NetworkPolicy } from './network-policy.js';

/** Every address of `host` is refused by the policy; nothing was connected. */
export class AddressNotAllowedError extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';

  constructor(
    readonly host: string,
    /** How many addresses were judged (all refused). */
    readonly refused: number,
  ) {
    super(
      isIP(host) !== 0
        ? `${host} is refused by this service's network policy (MAIL_NETWORK_DENY / MAIL_NETWORK_ALLOW); no connection was made`
        : `every address ${host} resolves to (${refused}) is refused by this service's network policy (MAIL_NETWORK_DENY / MAIL_NETWORK_ALLOW); no connection was made`,
    );
    this.name = 'AddressNotAllowedError';
  }
}

/** The addresses of `host`: itself when it is an IP address, else every address DNS gives. */
export async function resolveAddresses(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  const found = await lookup(host, { all: true });
  if (found.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  return found.map((entry) => entry.address);
}

/**
 * The addresses the policy permits, in the resolver's order and written as judged; throws
 * `AddressNotAllowedError` when it permits none.
 */
export function permittedAddresses(policy: NetworkPolicy, host: string, addresses: readonly string[]): { permitted: string[]; refused: number } {
  const sorted = policy.sort(addresses);
  if (sorted.permitted.length === 0) throw new AddressNotAllowedError(host, addresses.length);
  return sorted;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return Object.assign(new Error(timedOut ? 'connection timed out' : 'connection aborted'), { code: timedOut ? 'ETIMEDOUT' : 'ABORT_ERR' });
}

function connectOne(address: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const socket = connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const onError = (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      // Later errors show as 'close' to whoever reads the socket; unheard, one would crash the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/**
 * Connects to the first of `addresses` (already judged) that accepts, trying them in order
 * within `signal`; rejects with the last attempt's error.
 */
export async function connectFirst(addresses: readonly string[], port: number, signal: AbortSignal): Promise<Socket> {
  let last: unknown = new Error('no address to connect to');
  for (const address of addresses) {
    try {
      return await connectOne(address, port, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      last = error;
    }
  }
  throw last;
}

/**
 * Resolve, judge, connect: for client libraries that take a ready socket (nodemailer's
 * `getSocket`). Rejects with `AddressNotAllowedError` before connecting when every address is
 * refused, with DNS and socket errors otherwise.
 */
export async function connectUnderPolicy(policy: NetworkPolicy, host: string, port: number, signal: AbortSignal): Promise<Socket> {
  const resolving = resolveAddresses(host);
  const aborted = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(abortError(signal));
    signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
  aborted.catch(() => undefined);
  const addresses = await Promise.race([resolving, aborted]);
  const { permitted } = permittedAddresses(policy, host, addresses);
  return connectFirst(permitted, port, signal);
}
