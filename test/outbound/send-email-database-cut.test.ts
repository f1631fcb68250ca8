/**
 * sendEmail when the database connection is cut: before anything is sent (no connection to be
 * had; or, on a queue written in a transaction, between its statements) nothing was written and
 * the error says so; once the accepting statement is sent the service cannot know whether the
 * message was accepted, and the error must not say "nothing was changed" (a message that did
 * commit goes out): it tells the client to send again with the same idempotency key.
 */
import { startTcpProxy, type TcpProxy } from '../hardening/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { SENDER_TOKEN, startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { FAST_OUTBOUND, pointAt } from './delivery-support';
import { message, send, type SendResult } from './support';
import type { GraphQLResult } from '../support/test-app';
import type { Prisma } from '../../src/generated/prisma/client';
import type { OutboundQueue } from '../../src/outbound/outbound-queue';

describe('sendEmail with the database connection cut', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let peer: SmtpPeer;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    peer = await startSmtpPeer();
    t = await startTestApp({ databaseUrl: proxy.url, listenerReconnectMs: 100, outbound: FAST_OUTBOUND });
    await pointAt(t, peer.port);
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
    await peer?.close();
    await db?.drop();
  });

  async function rowsWithKey(key: string): Promise<number> {
    const [row] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM outbound_message WHERE idempotency_key = $1', [key]);
    return row?.count ?? 0;
  }

  /** Sends until answered with a message (the pool reconnects through the restored proxy). */
  async function sendUntilAccepted(input: Record<string, unknown>): Promise<SendResult['sendEmail']> {
    let last: GraphQLResult<SendResult> | undefined;
    await waitUntil(
      'sendEmail accepts again',
      async () => {
        last = await send(t, input, SENDER_TOKEN);
        return last.data?.sendEmail !== undefined;
      },
      20_000,
      100,
    );
    if (!last?.data) throw new Error('unreachable');
    return last.data.sendEmail;
  }

  it('no connection to be had: UNAVAILABLE, nothing was changed, and nothing is written', async () => {
    const input = message({ to: ['before@outbound.test'], idempotencyKey: 'cut-before-sending' });
    const from = t.logs.lines.length;
    proxy.cut();
    // The change listener's connection closed in the same instant: once the app saw that, the
    // pool's idle connections were closed too, and sendEmail must open a new one, which is refused.
    await waitUntil('the app sees its database connections closed', () => t.logs.lines.slice(from).join('\n').includes('change listener connection failed'));
    const refused = await send(t, input, SENDER_TOKEN);
    proxy.restore();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(refused.errors?.[0]?.message).toBe('The service is temporarily unavailable; nothing was changed. Try again shortly.');
    expect(await rowsWithKey('cut-before-sending')).toBe(0);
    const accepted = await sendUntilAccepted(input);
    expect(accepted.duplicate).toBe(false);
  });

  it('cut as the statement that accepts it is sent: UNAVAILABLE saying the message may have been accepted; the retry with its key finds out, and it is delivered once', async () => {
    const input = message({ to: ['during@outbound.test'], idempotencyKey: 'cut-during-commit' });
    // The message and its job are one statement, which commits by itself: once it is sent, a lost
    // connection leaves the outcome unknown.
    const cut = proxy.cutOn('INSERT INTO outbound_message');
    const refused = await send(t, input, SENDER_TOKEN);
    await cut;
    proxy.restore();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(refused.errors?.[0]?.message).toMatch(/may have been accepted.*same idempotencyKey/);
    expect(refused.errors?.[0]?.message).not.toMatch(/nothing was changed/);
    // This statement never reached PostgreSQL (the proxy dropped it): the retry writes the message.
    const accepted = await sendUntilAccepted(input);
    expect(accepted.duplicate).toBe(false);
    expect(await rowsWithKey('cut-during-commit')).toBe(1);
    await waitUntil('the message reached the peer', () => peer.received.some((m) => m.messageId === accepted.message.messageId), 20_000);
    expect(peer.received.filter((m) => m.rcptTo.includes('during@outbound.test')).map((m) => m.messageId)).toEqual([accepted.message.messageId]);
  });
});

/**
 * Cuts the database as the message's job is to be written, waits until the app has seen its
 * connections close, then writes on the transaction's connection: the raw query pg-boss's job
 * insert makes fails with Prisma's P2010 "Server has closed the connection".
 */
class CutBeforeJobQueue implements OutboundQueue {
  armed = false;
  constructor(
    private readonly proxy: TcpProxy,
    private readonly seenClosed: () => Promise<void>,
  ) {}

  async enqueue(tx: Prisma.TransactionClient): Promise<void> {
    if (this.armed) {
      this.armed = false;
      this.proxy.cut();
      await this.seenClosed();
    }
    await tx.$queryRawUnsafe('SELECT 1');
  }
}

describe('sendEmail with the database gone between its statements', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let queue: CutBeforeJobQueue;
  let t: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    queue = new CutBeforeJobQueue(proxy, async () => {
      const from = t?.logs.lines.length ?? 0;
      // The change listener's connection was cut in the same instant: once the app saw it close, it saw the transaction's close too.
      await waitUntil('the app sees its database connections closed', () =>
        (t?.logs.lines.slice(from).join('\n') ?? '').includes('change listener connection failed'),
      );
    });
    t = await startTestApp({ databaseUrl: proxy.url, listenerReconnectMs: 100, outboundQueue: queue });
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('a raw query in the transaction on a connection already closed: UNAVAILABLE, nothing was changed, not a masked internal error', async () => {
    if (!t) throw new Error('the app did not start');
    queue.armed = true;
    const refused = await send(t, message({ to: ['job@outbound.test'], idempotencyKey: 'cut-at-job' }), SENDER_TOKEN);
    proxy.restore();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(refused.errors?.[0]?.message).toBe('The service is temporarily unavailable; nothing was changed. Try again shortly.');
    const [row] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM outbound_message WHERE idempotency_key = 'cut-at-job'");
    expect(row?.count).toBe(0);
  });
});
