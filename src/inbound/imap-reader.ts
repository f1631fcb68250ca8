import type { ImapFlow, ImapTransport } from 'imapflow';
import { loadParser, parseInboundMessage, refusedInboundMessage, type NewInboundMessage } from './inbound-message.parse.js';
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

/** Reads every message above the cursor; returns how many were newly stored. */
async function sync(client: ImapFlow, context: ReaderContext, key: string): Promise<number> {
  const box = client.mailbox;
  if (!box) throw new Error('the folder is no longer selected');
  const { connection, maxMessageBytes, messages } = context;
  if (box.exists === 0) return 0;
  const uidValidity = box.uidValidity;
  const cursor = await messages.cursor(key);
  // Until a resync has read the whole folder, the cursor keeps the old UIDVALIDITY: a resync cut
  // short starts over, still skipping by Message-ID, instead of storing the rest a second time.
  const resync = cursor !== undefined && cursor.uidValidity !== uidValidity;
  if (resync) context.log.warn({ mailbox: key }, 'the folder has a new UIDVALIDITY: reading it again, skipping messages stored before by Message-ID');
  const from = cursor === undefined || resync ? 1 : Number(cursor.lastUid) + 1;
  const listed = (await within(client.fetchAll(`${from}:*`, { uid: true, size: true }, { uid: true }), COMMAND_DEADLINE_MS, 'UID FETCH'))
    .filter((message) => message.uid >= from)
    .map((message) => ({ uid: message.uid, size: message.size ?? 0 }))
    .sort((a, b) => a.uid - b.uid);
  let added = 0;
  // Storing a batch overlaps with fetching and parsing the next one. Read-only, the cursor passes
  // a batch in the transaction that stores its rows. With deleteAfterFetch, the batch is deleted
  // (or moved) after its rows committed, and the cursor passes it only after that: a cursor past a
  // message the server still holds would leave it there for good.
  let previous: { batch: Listed[]; small: number[]; storing: Promise<number> } | undefined;
  const finish = async (done: NonNullable<typeof previous>) => {
    added += await done.storing;
    if (!connection.deleteAfterFetch) return;
    // Refused (oversized) messages stay.
    if (done.small.length > 0) {
      const range = done.small.join(',');
      const moved = connection.moveToFolder
        ? await within(client.messageMove(range, connection.moveToFolder, { uid: true }), COMMAND_DEADLINE_MS, 'UID MOVE')
        : await within(client.messageDelete(range, { uid: true }), COMMAND_DEADLINE_MS, 'UID EXPUNGE');
      if (moved === false) throw new Error(`the server did not ${connection.moveToFolder ? 'move' : 'delete'} the stored messages`);
    }
    const last = done.batch[done.batch.length - 1];
    if (last && !resync) await messages.setCursor(key, { uidValidity, lastUid: BigInt(last.uid) });
  };
  for (const batch of batches(listed)) {
    if (context.signal.aborted) break;
    const small = batch.filter((entry) => entry.size <= maxMessageBytes).map((entry) => entry.uid);
    const large = batch.filter((entry) => entry.size > maxMessageBytes).map((entry) => entry.uid);
    // Each message is parsed while the next ones are still arriving, not one after the other.
    const parsing: Promise<NewInboundMessage>[] = [];
    if (small.length > 0) {
      for await (const message of client.fetch(small.join(','), { uid: true, source: true }, { uid: true })) {
        if (!message.source) continue;
        parsing.push(parseInboundMessage(message.source, { mailbox: key, uidValidity, uid: BigInt(message.uid) }));
      }
    }
    if (large.length > 0) {
      for await (const message of client.fetch(large.join(','), { uid: true, size: true, headers: true }, { uid: true })) {
        const place = { mailbox: key, uidValidity, uid: BigInt(message.uid) };
        parsing.push(refusedInboundMessage(message.headers ?? Buffer.alloc(0), message.size ?? 0, maxMessageBytes, place));
      }
    }
    const parsed = await Promise.all(parsing);
    if (previous) await finish(previous);
    const last = batch[batch.length - 1];
    const storing = messages.store(parsed, {
      skipStoredMessageIds: resync,
      ...(!connection.deleteAfterFetch && !resync && last && { cursor: { mailbox: key, uidValidity, lastUid: BigInt(last.uid) } }),
    });
    // Awaited by finish; a failure of the fetch meanwhile must not leave it unhandled.
    storing.catch(() => undefined);
    previous = { batch, small, storing };
  }
  if (previous) await finish(previous);
  const last = listed[listed.length - 1];
  if (resync && last && !context.signal.aborted) await messages.setCursor(key, { uidValidity, lastUid: BigInt(last.uid) });
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
  void loadParser().catch(() => undefined);
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
