import type { ImapFlow, ImapTransport } from 'imapflow';
import { refusedInboundMessage } from './inbound-message.parse.js';
import { rowJson, type RowJson } from './inbound-row.json.js';
import { openMailboxSocket, secureMailboxSocket } from './mailbox-socket.js';
import { COMMAND_DEADLINE_MS, mailboxKey, within, type ReaderContext } from './reader-context.js';

/** Messages fetched whole in one FETCH: at most this many, and about this many octets. */
const BATCH_MESSAGES = 500;
const BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Messages up to this size are listed by one UID SEARCH and counted at this size when batching;
 * only larger ones have their sizes fetched. Listing every message with FETCH RFC822.SIZE cost
 * as much as fetching the messages themselves (imapflow parses one response per message).
 */
const SMALL_BYTES = 32 * 1024;

/** One UID and its size (at most, for a small message), as listed before fetching. */
interface Listed {
  uid: number;
  size: number;
}

/**
 * The messages from UID `from` on, ascending: one UID SEARCH for all, one for those larger than
 * `small` bytes, whose sizes are then fetched (to refuse or batch them by size).
 */
async function list(client: ImapFlow, from: number, small: number): Promise<Listed[]> {
  const range = `${from}:*`;
  const searched = async (query: Parameters<ImapFlow['search']>[0]) => {
    const uids = await within(client.search(query, { uid: true }), COMMAND_DEADLINE_MS, 'UID SEARCH');
    if (!uids) throw new Error('the server refused UID SEARCH');
    // `from:*` always includes the highest UID, even one below `from`.
    return uids.filter((uid) => uid >= from);
  };
  const all = await searched({ uid: range });
  if (all.length === 0) return [];
  const large = await searched({ uid: range, larger: small });
  const sizes = new Map<number, number>();
  if (large.length > 0) {
    for (const message of await within(client.fetchAll(large.join(','), { uid: true, size: true }, { uid: true }), COMMAND_DEADLINE_MS, 'UID FETCH')) {
      sizes.set(message.uid, message.size ?? 0);
    }
  }
  return all.map((uid) => ({ uid, size: sizes.get(uid) ?? small })).sort((a, b) => a.uid - b.uid);
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
  // UIDs only grow under one UIDVALIDITY, so a UIDNEXT at or below the last UID stored means the
  // folder began again under the same UIDVALIDITY (Dovecot gives a new folder the current second:
  // one deleted and made again within that second keeps it): read it again all the same.
  const restarted = cursor?.uidValidity === uidValidity && cursor !== undefined && box.uidNext !== undefined && BigInt(box.uidNext) <= cursor.lastUid;
  const resync = cursor !== undefined && (cursor.uidValidity !== uidValidity || restarted);
  if (resync) {
    context.log.warn(
      { mailbox: key },
      restarted
        ? 'the folder began again under the same UIDVALIDITY (its UIDNEXT is below the last UID stored): reading it again, skipping messages stored before by Message-ID'
        : 'the folder has a new UIDVALIDITY: reading it again, skipping messages stored before by Message-ID',
    );
  }
  const from = cursor === undefined || resync ? 1 : Number(cursor.lastUid) + 1;
  const listed = await list(client, from, Math.min(SMALL_BYTES, maxMessageBytes));
  let added = 0;
  // A batch is parsed and stored while the next one is fetched, at most one batch ahead. Batches
  // are stored one after the other, in order. Read-only, the cursor passes a batch in the
  // transaction that stores its rows. With deleteAfterFetch, the batch is deleted (or moved) after
  // its rows committed, and the cursor passes it only after that: a cursor past a message the
  // server still holds would leave it there for good.
  const store = async (batch: Listed[], small: number[], parsing: Promise<RowJson>[]) => {
    const last = batch[batch.length - 1];
    added += await messages.store(await Promise.all(parsing), {
      skipStoredMessageIds: resync,
      ...(!connection.deleteAfterFetch && !resync && last && { cursor: { mailbox: key, uidValidity, lastUid: BigInt(last.uid) } }),
    });
    if (!connection.deleteAfterFetch) return;
    // Refused (oversized) messages stay.
    if (small.length > 0) {
      const range = small.join(',');
      const moved = connection.moveToFolder
        ? await within(client.messageMove(range, connection.moveToFolder, { uid: true }), COMMAND_DEADLINE_MS, 'UID MOVE')
        : await within(client.messageDelete(range, { uid: true }), COMMAND_DEADLINE_MS, 'UID EXPUNGE');
      if (moved === false) throw new Error(`the server did not ${connection.moveToFolder ? 'move' : 'delete'} the stored messages`);
    }
    if (last && !resync) await messages.setCursor(key, { uidValidity, lastUid: BigInt(last.uid) });
  };
  let stored: Promise<void> = Promise.resolve();
  let failed = false;
  for (const batch of batches(listed)) {
    if (context.signal.aborted || failed) break;
    const small = batch.filter((entry) => entry.size <= maxMessageBytes).map((entry) => entry.uid);
    const large = batch.filter((entry) => entry.size > maxMessageBytes).map((entry) => entry.uid);
    // Messages are parsed while the next ones are still arriving.
    const parsing: Promise<RowJson>[] = [];
    if (small.length > 0) {
      try {
        for await (const message of client.fetch(small.join(','), { uid: true, source: true }, { uid: true })) {
          if (message.source) parsing.push(context.parser.parse(message.source, { mailbox: key, uidValidity, uid: BigInt(message.uid) }));
        }
      } finally {
        context.parser.flush();
      }
    }
    if (large.length > 0) {
      for await (const message of client.fetch(large.join(','), { uid: true, size: true, headers: true }, { uid: true })) {
        const place = { mailbox: key, uidValidity, uid: BigInt(message.uid) };
        parsing.push(refusedInboundMessage(message.headers ?? Buffer.alloc(0), message.size ?? 0, maxMessageBytes, place).then(rowJson));
      }
    }
    // The batch before this one is done before this one is stored (and before the next is fetched).
    await stored;
    stored = store(batch, small, parsing);
    // Awaited on the next turn or after the loop; a failure of a fetch meanwhile must not leave it unhandled.
    stored.catch(() => {
      failed = true;
    });
  }
  await stored;
  const last = listed[listed.length - 1];
  if (resync && last && !context.signal.aborted) await messages.setCursor(key, { uidValidity, lastUid: BigInt(last.uid) });
  return added;
}

/**
 * Loads imapflow (some 65 ms), so that the first session after a settings change does not wait
 * for it. The poller calls it when it takes the lock: only the instance that reads pays for it.
 */
export function preloadImapReading(): void {
  require('imapflow');
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
  /** How long the server may leave a command (or a quiet connection) unanswered: mail.imap.timeout, else a minute. */
  const deadline = connection.socketTimeout ?? COMMAND_DEADLINE_MS;
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
    greetingTimeout: deadline,
    // Quiet is expected between two polls (and in IDLE, which the reader breaks every poll
    // interval); longer, the server is gone. imapflow's own default, 5 minutes, also held up a
    // connection gone silent mid-FETCH that long.
    socketTimeout: context.pollIntervalMs + deadline,
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
      await within(client.connect(), deadline, 'the IMAP greeting and login');
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
          // IDLE ended by the server or by imapflow (its own NOOP after a quiet socketTimeout)
          // would leave the reader deaf until the timer: it syncs and goes back into IDLE.
          if (idle)
            client.idle().then(
              () => wake?.(),
              () => wake?.(),
            );
        });
        wake = undefined;
      }
      if (signal.aborted) return;
      if (!client.usable) throw new Error('the IMAP server closed the connection');
      // Ends IDLE and proves the connection alive: a NOOP unanswered in time means a dead session.
      if (idle) await within(client.noop(), deadline, 'NOOP after IDLE');
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.close();
  }
}
