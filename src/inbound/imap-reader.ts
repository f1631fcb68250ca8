import type { ImapFlow, ImapTransport } from 'imapflow';
import { parseInboundMessage, refusedInboundMessage, type NewInboundMessage } from './inbound-message.parse.js';
import { openMailboxSocket, secureMailboxSocket } from './mailbox-socket.js';
import { COMMAND_DEADLINE_MS, mailboxKey, within, type ReaderContext } from './reader-context.js';

/** Messages fetched whole in one FETCH: at most this many, and about this many octets. */
const BATCH_MESSAGES = 500;
const BATCH_BYTES = 16 * 1024 * 1024;

/** One UID and its size, as listed before fetching. */
interface Listed {
  uid: number;
  size: number;
}

function batches(listed: readonly Listed[]): Listed[][] {
  const out: Listed[][] = [];
  let current: Listed[] = [];
  let bytes = 0;
  for (const entry of listed) {
    if (current.length > 0 && (current.length >= BATCH_MESSAGES || bytes + entry.size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** One session's bookkeeping: the mailbox key, the folder's UIDVALIDITY, and whether it is new to us. */
interface FolderState {
  key: string;
  uidValidity: bigint;
  resync: boolean;
}

/**
 * Stores the messages of one batch, each unless it is already stored: under this
 * UIDVALIDITY+UID (the unique key), or, after UIDVALIDITY changed, under its Message-ID.
 * Returns how many rows are new, once they are committed.
 */
async function store(context: ReaderContext, folder: FolderState, messages: readonly NewInboundMessage[]): Promise<number> {
  const fresh: NewInboundMessage[] = [];
  for (const message of messages) {
    if (folder.resync && message.messageId !== null && (await context.messages.hasMessageId(folder.key, message.messageId))) continue;
    fresh.push(message);
  }
  return context.messages.insert(fresh);
}

/** Reads every message above the cursor; returns how many were newly stored. */
async function sync(client: ImapFlow, context: ReaderContext, key: string): Promise<number> {
  const box = client.mailbox;
  if (!box) throw new Error('the folder is no longer selected');
  const { connection, maxMessageBytes, cursors } = context;
  if (box.exists === 0) return 0;
  const uidValidity = box.uidValidity;
  const cursor = await cursors.get(key);
  const folder: FolderState = { key, uidValidity, resync: cursor !== undefined && cursor.uidValidity !== uidValidity };
  if (folder.resync) context.log.warn({ mailbox: key }, 'the folder has a new UIDVALIDITY: reading it again, skipping messages stored before by Message-ID');
  const from = cursor === undefined || folder.resync ? 1 : Number(cursor.lastUid) + 1;
  const listed = (await within(client.fetchAll(`${from}:*`, { uid: true, size: true }, { uid: true }), COMMAND_DEADLINE_MS, 'UID FETCH'))
    .filter((message) => message.uid >= from)
    .map((message) => ({ uid: message.uid, size: message.size ?? 0 }))
    .sort((a, b) => a.uid - b.uid);
  let added = 0;
  // Storing a batch overlaps with fetching and parsing the next one; the IMAP side of a batch
  // (deleting it) waits for its rows to be committed, and the cursor passes it only after that.
  let previous: { batch: Listed[]; small: number[]; storing: Promise<number> } | undefined;
  const finish = async (done: NonNullable<typeof previous>) => {
    added += await done.storing;
    // Only after every row of the batch committed; refused (oversized) messages stay.
    if (connection.deleteAfterFetch && done.small.length > 0) {
      const range = done.small.join(',');
      const moved = connection.moveToFolder
        ? await within(client.messageMove(range, connection.moveToFolder, { uid: true }), COMMAND_DEADLINE_MS, 'UID MOVE')
        : await within(client.messageDelete(range, { uid: true }), COMMAND_DEADLINE_MS, 'UID EXPUNGE');
      if (moved === false) throw new Error(`the server did not ${connection.moveToFolder ? 'move' : 'delete'} the stored messages`);
    }
    const last = done.batch[done.batch.length - 1];
    if (last) await cursors.set(key, { uidValidity, lastUid: BigInt(last.uid) });
  };
  for (const batch of batches(listed)) {
    if (context.signal.aborted) break;
    const small = batch.filter((entry) => entry.size <= maxMessageBytes).map((entry) => entry.uid);
    const large = batch.filter((entry) => entry.size > maxMessageBytes).map((entry) => entry.uid);
    const parsed: NewInboundMessage[] = [];
    if (small.length > 0) {
      for await (const message of client.fetch(small.join(','), { uid: true, source: true }, { uid: true })) {
        if (!message.source) continue;
        parsed.push(await parseInboundMessage(message.source, { mailbox: key, uidValidity, uid: BigInt(message.uid) }));
      }
    }
    if (large.length > 0) {
      for await (const message of client.fetch(large.join(','), { uid: true, size: true, headers: true }, { uid: true })) {
        const place = { mailbox: key, uidValidity, uid: BigInt(message.uid) };
        parsed.push(await refusedInboundMessage(message.headers ?? Buffer.alloc(0), message.size ?? 0, maxMessageBytes, place));
      }
    }
    if (previous) await finish(previous);
    const storing = store(context, folder, parsed);
    // Awaited by finish; a failure of the fetch meanwhile must not leave it unhandled.
    storing.catch(() => undefined);
    previous = { batch, small, storing };
  }
  if (previous) await finish(previous);
  return added;
}

/** imapflow over a socket this service opened under the network policy, with the connection test's TLS options. */
function policyTransport(socket: Awaited<ReturnType<typeof openMailboxSocket>>, context: ReaderContext): ImapTransport {
  return {
    connect(_options, onConnect) {
      setImmediate(onConnect);
      return socket;
    },
    upgrade(plain, _options, onSecure) {
      const { secure, ready } = secureMailboxSocket(plain as unknown as typeof socket, context.connection);
      // A failed handshake is emitted on the socket imapflow now reads.
      ready.then(onSecure, () => undefined);
      return secure;
    },
  };
}

/**
 * One IMAP session: connects (a new client each time: imapflow's cannot be reused), selects the
 * folder (read-only unless deleteAfterFetch, and BODY.PEEK either way, so nothing is marked
 * \\Seen), reads what is new, then waits for the server's EXISTS in IDLE (or polls without it),
 * breaking IDLE every poll interval for a NOOP that must answer in time (a dead IDLE otherwise
 * goes unnoticed). Returns when the context's signal aborts; throws when the session fails.
 */
export async function readImap(context: ReaderContext): Promise<void> {
  const { connection, signal } = context;
  const key = mailboxKey(connection);
  const oauth2 = connection.oauth2;
  const token = oauth2 ? await oauth2.tokens.token() : undefined;
  const socket = await openMailboxSocket(connection, context.network, signal);
  const { ImapFlow } = require('imapflow') as typeof import('imapflow');
  const client = new ImapFlow({
    host: connection.host,
    port: connection.port,
    secure: connection.security === 'TLS',
    doSTARTTLS: connection.security === 'NONE' ? false : connection.security === 'STARTTLS' ? true : undefined,
    ...(connection.auth && {
      auth: oauth2 && token !== undefined ? { user: oauth2.user, accessToken: token } : { user: connection.auth.user, pass: connection.auth.pass },
    }),
    transport: policyTransport(socket, context),
    logger: false,
    disableAutoIdle: true,
    maxLiteralSize: context.maxMessageBytes + 1024 * 1024,
    maxResponseSize: context.maxMessageBytes + 2 * 1024 * 1024,
    ...(connection.socketTimeout !== undefined && { greetingTimeout: connection.socketTimeout, socketTimeout: connection.socketTimeout }),
  });
  // Set by the server's EXISTS (or the end of the connection), read by the wait below.
  const mailboxState = { changed: false };
  let wake: (() => void) | undefined;
  const nudge = () => {
    mailboxState.changed = true;
    wake?.();
  };
  client.on('exists', nudge);
  client.on('close', nudge);
  client.on('error', (error: unknown) => context.log.debug({ err: error }, 'IMAP connection error'));
  const onAbort = () => {
    nudge();
    client.close();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await within(client.connect(), connection.socketTimeout ?? COMMAND_DEADLINE_MS, 'the IMAP greeting and login');
    } catch (error) {
      if (oauth2 && token !== undefined && typeof error === 'object' && error !== null && 'authenticationFailed' in error) oauth2.tokens.reject(token);
      throw error;
    }
    await within(client.mailboxOpen(connection.folder ?? 'INBOX', { readOnly: !connection.deleteAfterFetch }), COMMAND_DEADLINE_MS, 'SELECT');
    const idle = context.idle && client.capabilities.has('IDLE');
    for (;;) {
      // An EXISTS from here on (even during the sync) means: sync again without waiting.
      mailboxState.changed = false;
      const added = await sync(client, context, key);
      if (signal.aborted) return;
      context.onPoll(added);
      if (!mailboxState.changed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, context.pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          if (idle) client.idle().catch(() => wake?.());
        });
        wake = undefined;
      }
      if (signal.aborted) return;
      if (!client.usable) throw new Error('the IMAP server closed the connection');
      // Ends IDLE and proves the connection alive: a NOOP unanswered in time means a dead session.
      if (idle) await within(client.noop(), COMMAND_DEADLINE_MS, 'NOOP after IDLE');
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.close();
  }
}
