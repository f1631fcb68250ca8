import { xoauth2Response } from '../transport/xoauth2.js';
import { parseInboundMessage, refusedInboundMessage } from './inbound-message.parse.js';
import { rowJson } from './inbound-row.json.js';
import { openMailboxSocket, secureMailboxSocket } from './mailbox-socket.js';
import { Pop3Session, Pop3SessionError } from './pop3-session.js';
import { COMMAND_DEADLINE_MS, mailboxKey, pause, type ReaderContext } from './reader-context.js';

async function signIn(session: Pop3Session, context: ReaderContext): Promise<void> {
  const { connection } = context;
  const oauth2 = connection.oauth2;
  if (oauth2) {
    const token = await oauth2.tokens.token();
    const reply = await session.xoauth2(xoauth2Response(oauth2.user, token));
    if (reply.ok) return;
    oauth2.tokens.reject(token);
    throw new Pop3SessionError(`the server refused the access token: ${reply.text}`);
  }
  if (!connection.auth) throw new Pop3SessionError('no incoming.user is set: a mailbox cannot be read without logging in');
  const user = await session.command(`USER ${connection.auth.user}`);
  const pass = user.ok ? await session.command(`PASS ${connection.auth.pass}`) : user;
  if (!pass.ok) throw new Pop3SessionError(`the server refused the login: ${pass.text}`);
}

/**
 * One POP3 poll: every message whose UIDL is not stored yet is retrieved, parsed and stored
 * (over the size limit: its header section only, REFUSED). With deleteAfterFetch, each message
 * stored (now or by an earlier poll), but not a refused one, is marked with DELE after its row
 * committed, and QUIT removes them; a poll that fails before QUIT removes nothing.
 */
export async function pollPop3(context: ReaderContext): Promise<number> {
  const { connection, messages, maxMessageBytes } = context;
  const mailbox = mailboxKey(connection);
  const socket = await openMailboxSocket(connection, context.network, context.signal);
  const session = new Pop3Session(socket, connection.socketTimeout ?? COMMAND_DEADLINE_MS);
  const onAbort = () => session.close();
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const greeting = await session.greeting();
    if (!greeting.ok) throw new Pop3SessionError(`the server refused the session: ${greeting.text}`);
    if (connection.security === 'STARTTLS' || connection.security === 'STARTTLS_OPTIONAL') {
      const offered = (await session.capabilities()).some((line) => line.toUpperCase() === 'STLS');
      if (offered) {
        const reply = await session.startTls((plain) => secureMailboxSocket(plain, connection));
        if (!reply.ok) throw new Pop3SessionError(`the server refused STLS: ${reply.text}`);
      } else if (connection.security === 'STARTTLS') {
        throw new Pop3SessionError('the server does not offer STLS, which security STARTTLS requires');
      }
    }
    await signIn(session, context);
    const uidls = await session.uidl();
    const stored = await messages.storedUidls(mailbox, [...uidls.values()]);
    const sizes = await session.list();
    const deletable: number[] = [];
    let added = 0;
    for (const [number, uidl] of uidls) {
      if (context.signal.aborted) return added;
      const before = stored.get(uidl);
      if (before !== undefined) {
        if (!before.refused) deletable.push(number);
        continue;
      }
      const size = sizes.get(number) ?? 0;
      const place = { mailbox, uidl };
      if (size > maxMessageBytes) {
        const header = await session.header(number, Math.min(maxMessageBytes, 1024 * 1024));
        added += await messages.store([rowJson(await refusedInboundMessage(header, size, maxMessageBytes, place))]);
        continue;
      }
      const raw = await session.retrieve(number, maxMessageBytes);
      added += await messages.store([rowJson(await parseInboundMessage(raw, place))]);
      deletable.push(number);
    }
    if (connection.deleteAfterFetch) for (const number of deletable) await session.delete(number);
    await session.quit();
    return added;
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    session.close();
  }
}

/** Polls the POP3 mailbox every `pollIntervalMs` until the context's signal aborts; a failed poll throws. */
export async function readPop3(context: ReaderContext): Promise<void> {
  while (!context.signal.aborted) {
    const added = await pollPop3(context);
    if (context.signal.aborted) return;
    context.onPoll(added);
    await pause(context.pollIntervalMs, context.signal);
  }
}
