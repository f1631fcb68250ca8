import { createTestDatabase, type TestDatabase } from '../support/database';
import { inboundGlobalId, insertInboundRows } from '../support/inbound-rows';
import { startTestApp, testSecretKey, type TestApp, type TestAppOptions } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

jest.setTimeout(60_000);

const SECRET = 'whsec_test_0123456789abcdef0123456789';

describe('INBOUND_WEBHOOK_URL: each stored message pushed, signed, retried with backoff through the job queue', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  const apps: TestApp[] = [];
  const key = testSecretKey();

  beforeEach(async () => {
    db = await createTestDatabase();
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await receiver.close();
    await db.drop();
  });

  async function start(instanceId: string, options: Partial<TestAppOptions> = {}): Promise<TestApp> {
    const app = await startTestApp({
      databaseUrl: db.url,
      secretKey: key,
      instanceId,
      inbound: { retentionDays: 7, webhook: { url: receiver.url, secret: SECRET, retryLimit: 4, retryDelaySeconds: 1, timeoutMs: 5_000 } },
      inboundTiming: { jobPollMs: 250, outboxSweepMs: 60_000 },
      ...options,
    });
    apps.push(app);
    return app;
  }

  const jobStates = () =>
    db.query<{ state: string; retry_count: number }>(`SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'inbound-webhook'`);

  it('POSTs the message as the subscription shows it, no raw source, signed; answered 500 twice it is retried with growing delays, then no more', async () => {
    await start('a');
    const [row] = await insertInboundRows(db.query, [{ subject: 'Re: hello', text: 'Thanks', html: '<p>Thanks</p>' }]);
    const id = inboundGlobalId(row?.id ?? '');
    receiver.script(id, [500, 500]);
    await waitUntil('the third push was answered 200', () => receiver.deliveries.some((d) => d.status === 200), 30_000);
    await waitUntil("every attempt's job completed", async () => (await jobStates()).every((job) => job.state === 'completed'), 10_000);

    expect(receiver.deliveries.map((d) => [d.id, d.signatureValid, d.status])).toEqual([
      [id, true, 500],
      [id, true, 500],
      [id, true, 200],
    ]);
    // pg-boss's backoff from 1 s: the first retry after 1-2 s, the second after 2-4 s.
    const [first, second, third] = receiver.deliveries.map((d) => d.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(900);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1_900);
    expect(receiver.deliveries[2]?.body).toEqual({
      inboundMessageReceived: expect.objectContaining({ id, status: 'NEW', subject: 'Re: hello', text: 'Thanks', html: '<p>Thanks</p>', rawDeletedAt: null }),
    });
    expect(Object.keys(receiver.deliveries[2]?.body.inboundMessageReceived ?? {})).not.toEqual(expect.arrayContaining(['raw', 'localId']));
    expect(receiver.deliveries[2]?.rawBody).not.toContain(row?.raw?.toString('base64') ?? 'raw');
    // One job per attempt, each completed in the transaction that wrote the next one: nothing left to retry.
    expect(await jobStates()).toEqual([1, 2, 3].map(() => ({ state: 'completed', retry_count: 0 })));
  });

  it('pushes a message stored while no instance was running (one died between storing and queueing) once an instance starts', async () => {
    const [row] = await insertInboundRows(db.query, [{ subject: 'stored before any instance' }]);
    await start('late');
    await waitUntil('the message was pushed', () => receiver.deliveries.length === 1, 20_000);
    expect(receiver.deliveries[0]).toMatchObject({ id: inboundGlobalId(row?.id ?? ''), signatureValid: true, status: 200 });
  });

  it('pushes each of many messages exactly once with two instances sweeping the same rows', async () => {
    await Promise.all([start('a'), start('b')]);
    const rows = await insertInboundRows(
      db.query,
      Array.from({ length: 30 }, (_, n) => ({ subject: `m${n}` })),
    );
    await waitUntil('every message was pushed', () => new Set(receiver.deliveries.map((d) => d.id)).size === rows.length, 30_000);
    await waitUntil('every job completed', async () => (await jobStates()).filter((job) => job.state === 'completed').length === rows.length, 10_000);
    expect((await jobStates()).length).toBe(rows.length);
    expect(receiver.deliveries.map((d) => d.id).sort()).toEqual(rows.map((row) => inboundGlobalId(row.id)).sort());
  });

  it('makes no connection to a webhook address the network policy refuses, and says so in the log', async () => {
    const app = await start('a', { networkPolicy: { deny: ['127.0.0.0/8'] } });
    await insertInboundRows(db.query, [{ subject: 'not to be pushed' }]);
    await waitUntil('the push was refused', () => app.logs.text.includes('inbound webhook push failed'), 20_000);
    const failure = app.logs.lines.find((line) => line.includes('inbound webhook push failed'));
    expect(failure).toContain("127.0.0.1 is refused by this service's network policy");
    expect(receiver.deliveries).toEqual([]);
    expect(app.logs.text).not.toContain(SECRET);
  });
});
