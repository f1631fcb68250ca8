import type { Logger } from 'pino';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';
import type { FetchedMessageRepository } from './fetched-message.repository.js';
import type { ParsePool } from './parse-pool.js';

/** What one reading session of the incoming mailbox needs. */
export interface ReaderContext {
  connection: MailboxConnection;
  network: NetworkPolicy;
  messages: FetchedMessageRepository;
  /** Parses fetched IMAP messages into rows (on a worker thread when there is one). */
  parser: ParsePool;
  maxMessageBytes: number;
  pollIntervalMs: number;
  /** False: poll even when the IMAP server offers IDLE. */
  idle: boolean;
  log: Logger;
  /** Aborted when the session must end: settings changed, lock lost, shutdown. */
  signal: AbortSignal;
  /** A poll ended; `stored` messages were newly stored. */
  onPoll: (stored: number) => void;
}

/** Gives up on a server that does not answer a command in time (a dead IDLE, a hung connection). */
export const COMMAND_DEADLINE_MS = 60_000;

/**
 * The mailbox's key in `inbound_message.mailbox` and `inbound_cursor`: protocol, user, host,
 * port and (IMAP) folder, so another account, server or folder starts its own bookkeeping.
 */
export function mailboxKey(connection: MailboxConnection): string {
  const user = encodeURIComponent(connection.oauth2?.user ?? connection.auth?.user ?? '');
  const base = `${connection.protocol.toLowerCase()}://${user}@${connection.host.toLowerCase()}:${connection.port}`;
  return connection.protocol === 'IMAP' ? `${base}/${connection.folder ?? 'INBOX'}` : base;
}

/** `promise`, or a rejection naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
