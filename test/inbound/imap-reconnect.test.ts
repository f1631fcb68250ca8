/**
 * The IMAP reader's connection failing under it: silently (a dead IDLE: the connection stays open
 * and nothing answers) and loudly (Dovecot stopped and started again). Either way it reconnects,
 * with a new client, and stores what arrived meanwhile, each message once.
 */
import type { TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { startFreezingProxy } from './freezing-proxy';
import { readerFixture } from './reader-fixture';
import { countStored, deliver, describeDovecot, message, readerSettings, readMailbox, storedCounts } from './support';

jest.setTimeout(90_000);

const env = readerFixture();

const rowCount = () => countStored(env.db);

/** The backoff of each failed session, in the order logged. */
function retries(current: TestApp): number[] {
  return current.logs.lines
    .filter((line) => line.includes('inbound reader session failed'))
    .map((line) => (JSON.parse(line) as { retryInMs: number }).retryInMs);
}

describeDovecot('the IMAP reader when its connection fails', () => {
  it('notices an IDLE connection that went silent, reconnects, and stores what arrived meanwhile, once', async () => {
    const dovecot = await env.startDovecot({ seed: 1 });
    const proxy = await startFreezingProxy(dovecot.ports.imap);
    env.closeAfter(() => proxy.close());
    // IDLE is broken every second for a NOOP, which must answer within mail.imap.timeout.
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 1_000 }) });
    await readMailbox(app, dovecot, { protocol: 'IMAP', port: proxy.port, additionalProperties: [{ key: 'mail.imap.timeout', value: '3000' }] });
    await waitUntil('the seeded message is stored', async () => (await rowCount()) === 1, 15_000);
    const beforeFreeze = message('through IDLE');
    await deliver(dovecot, [beforeFreeze.raw]);
    await waitUntil('a delivery is stored through the live connection', async () => (await rowCount()) === 2, 10_000);
    expect(proxy.accepted).toBe(1);

    proxy.freeze();
    // Delivered straight to Dovecot: the reader's connection is open, but nothing passes it.
    const meanwhile = [message('while the line was dead'), message('also while dead')];
    await deliver(
      dovecot,
      meanwhile.map((m) => m.raw),
    );
    await proxy.acceptedAtLeast(2);
    await waitUntil('what arrived meanwhile is stored', async () => (await rowCount()) === 4, 20_000);
    const counts = await storedCounts(env.db);
    for (const m of [beforeFreeze, ...meanwhile]) expect(counts.get(m.messageId)).toBe(1);
    expect([...counts.values()]).toEqual([1, 1, 1, 1]);
    expect(retries(app).length).toBeGreaterThanOrEqual(1);
  });

  it('reconnects with growing backoff while Dovecot is down, and after its restart stores what was delivered meanwhile, once', async () => {
    const dovecot = await env.startDovecot({ seed: 2 });
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 600_000 }) });
    await readMailbox(app, dovecot, { protocol: 'IMAP' });
    await waitUntil('the seeded messages are stored', async () => (await rowCount()) === 2, 15_000);

    await dovecot.halt();
    const whileDown = message('delivered while the server was down');
    await dovecot.deliverFile(whileDown.raw);
    const current = app;
    await waitUntil('three sessions failed', () => retries(current).length >= 3, 20_000);
    const backoff = retries(current);
    for (let i = 1; i < backoff.length; i++) expect(backoff[i]).toBeGreaterThan(backoff[i - 1] ?? Infinity);

    await dovecot.resume();
    await waitUntil('the message delivered while the server was down is stored', async () => (await rowCount()) === 3, 30_000);
    // Reading goes on (IDLE again, polls only every 10 minutes): a new delivery comes in as it arrives.
    const afterwards = message('after the restart');
    await deliver(dovecot, [afterwards.raw]);
    await waitUntil('the next delivery is stored', async () => (await rowCount()) === 4, 15_000);
    const counts = await storedCounts(env.db);
    expect(counts.get(whileDown.messageId)).toBe(1);
    expect(counts.get(afterwards.messageId)).toBe(1);
    expect([...counts.values()]).toEqual([1, 1, 1, 1]);
    const [cursor] = await env.db.query<{ last_uid: string }>('SELECT last_uid FROM inbound_cursor');
    expect(cursor?.last_uid).toBe('4');
  });
});
