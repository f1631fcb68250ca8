import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { DEFAULT_OUTBOUND_SETTINGS } from '../../src/config/outbound-settings';
import { PrismaClient } from '../../src/generated/prisma/client';
import { OutboundDeliveryQueue, OUTBOUND_QUEUE_NAME } from '../../src/outbound/outbound-delivery-queue';
import { OutboundMessageRepository, type NewOutboundMessage } from '../../src/outbound/outbound-message.repository';
import { createLogger } from '../../src/platform/logging/logger';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN_TOKEN, LogCapture, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { message, rowId, send } from './support';

/** A new message as sendEmail hands it to the repository. */
function newMessage(overrides: Partial<NewOutboundMessage> = {}): NewOutboundMessage {
  const id = randomUUID();
  return {
    id,
    messageId: `<${id}@example.com>`,
    createdBy: 'sam',
    idempotencyKey: null,
    contentHash: 'hash',
    content: {
      fromName: null,
      fromAddress: null,
      to: ['rcpt@example.com'],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 'Hello',
      text: 'Hi',
      html: null,
      headers: [],
      attachments: [],
    },
    sizeBytes: 100,
    acceptedAt: new Date(),
    ...overrides,
  };
}

/** The delivery jobs of each message, in any state, by the message's id. */
async function jobsOf(db: TestDatabase, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; jobs: number }>(
    `SELECT data->>'id' AS id, count(*)::int AS jobs FROM pgboss.job WHERE name = $1 AND data->>'id' = ANY($2::text[]) GROUP BY 1`,
    [OUTBOUND_QUEUE_NAME, ids],
  );
  return new Map(rows.map((row) => [row.id, row.jobs]));
}

/** Every delivery job with its message, and every message with one job: counts of the exceptions. */
async function unpaired(db: TestDatabase): Promise<{ jobsWithoutMessage: number; messagesWithoutOneJob: number }> {
  const [row] = await db.query<{ jobsWithoutMessage: number; messagesWithoutOneJob: number }>(
    `SELECT (SELECT count(*)::int FROM pgboss.job j WHERE j.name = $1 AND NOT EXISTS (SELECT 1 FROM outbound_message m WHERE m.id::text = j.data->>'id'))
              AS "jobsWithoutMessage",
            (SELECT count(*)::int FROM outbound_message m WHERE (SELECT count(*) FROM pgboss.job j WHERE j.name = $1 AND j.data->>'id' = m.id::text) <> 1)
              AS "messagesWithoutOneJob"`,
    [OUTBOUND_QUEUE_NAME],
  );
  return row ?? { jobsWithoutMessage: -1, messagesWithoutOneJob: -1 };
}

function jobQueue(db: TestDatabase): JobQueue {
  return new JobQueue({
    databaseUrl: db.url,
    applicationName: 'send-email-queue-test',
    log: createLogger('warn', new LogCapture()),
    maintenanceIntervalSeconds: 60,
  });
}

describe('sendEmail on the pg-boss queue: the message and its job in one statement', () => {
  let db: TestDatabase;
  let pool: Pool;
  let prisma: PrismaClient;
  let jobs: JobQueue;
  let queue: OutboundDeliveryQueue;
  let messages: OutboundMessageRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url });
    prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    jobs = jobQueue(db);
    await jobs.start();
    queue = new OutboundDeliveryQueue(jobs);
    await queue.declare(DEFAULT_OUTBOUND_SETTINGS.attemptLeaseSeconds);
    messages = new OutboundMessageRepository(prisma, pool);
  });

  afterAll(async () => {
    await jobs.stop();
    await prisma.$disconnect();
    await pool.end();
    await db.drop();
  });

  it("writes the job as pg-boss's own send does, and pg-boss fetches and completes it like its own", async () => {
    const accepted = newMessage();
    expect(await messages.insert(accepted, queue)).toMatchObject({ id: accepted.id, status: 'QUEUED' });
    // The same job written by pg-boss itself (send, in a transaction), for comparison.
    const byPgBoss = randomUUID();
    await prisma.$transaction((tx) => queue.enqueue(tx, byPgBoss));

    const rows = await db.query(
      `SELECT data->>'id' AS message, name, priority, state, retry_limit, retry_count, retry_delay, retry_backoff, started_on, singleton_key,
              singleton_on, expire_in::text, completed_on, keep_until - start_after AS kept, output, dead_letter, policy,
              abs(extract(epoch FROM start_after - created_on)) < 5 AS due_at_creation
         FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
      [OUTBOUND_QUEUE_NAME],
    );
    expect(rows.map((row) => row.message)).toEqual([accepted.id, byPgBoss]);
    const [ours, theirs] = rows.map(({ message: _, ...columns }) => columns);
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ state: 'created', retry_limit: 1_000_000, expire_in: '00:15:00', due_at_creation: true });

    const fetched = await queue.fetch(10);
    expect(fetched.map((job) => job.data.id).sort()).toEqual([accepted.id, byPgBoss].sort());
    expect(fetched.map((job) => job.retryCount)).toEqual([0, 0]);
    for (const job of fetched) expect(await prisma.$transaction((tx) => queue.complete(tx, job.id))).toBe(true);
    const states = await db.query<{ state: string }>(`SELECT DISTINCT state::text FROM pgboss.job WHERE name = $1`, [OUTBOUND_QUEUE_NAME]);
    expect(states).toEqual([{ state: 'completed' }]);
  });

  it('writes no job for a repeated idempotency key: the first message keeps its one job', async () => {
    const first = newMessage({ idempotencyKey: 'order-7' });
    const again = newMessage({ idempotencyKey: 'order-7' });
    expect(await messages.insert(first, queue)).not.toBeNull();
    expect(await messages.insert(again, queue)).toBeNull();
    expect(await jobsOf(db, [first.id, again.id])).toEqual(new Map([[first.id, 1]]));
    expect(await db.query(`SELECT id FROM outbound_message WHERE id = $1`, [again.id])).toEqual([]);
  });

  it('inserts one message and one job for concurrent inserts of one key', async () => {
    const attempts = Array.from({ length: 12 }, () => newMessage({ idempotencyKey: 'burst-7' }));
    const results = await Promise.all(attempts.map((attempt) => messages.insert(attempt, queue)));
    const won = results.filter((row) => row !== null);
    expect(won).toHaveLength(1);
    expect(
      await jobsOf(
        db,
        attempts.map((attempt) => attempt.id),
      ),
    ).toEqual(new Map([[won[0]?.id, 1]]));
    expect(await db.query(`SELECT count(*)::int AS n FROM outbound_message WHERE idempotency_key = 'burst-7'`)).toEqual([{ n: 1 }]);
  });

  it('stores nothing when the queue was never declared: the statement fails as a whole', async () => {
    const bare = await createTestDatabase();
    const bareJobs = jobQueue(bare);
    const barePool = new Pool({ connectionString: bare.url });
    const barePrisma = new PrismaClient({ adapter: new PrismaPg(barePool) });
    try {
      await bareJobs.start();
      const lost = newMessage();
      await expect(new OutboundMessageRepository(barePrisma, barePool).insert(lost, new OutboundDeliveryQueue(bareJobs))).rejects.toThrow();
      expect(await bare.query(`SELECT id FROM outbound_message`)).toEqual([]);
      expect(await bare.query(`SELECT id FROM pgboss.job`)).toEqual([]);
    } finally {
      await bareJobs.stop();
      await barePrisma.$disconnect();
      await barePool.end();
      await bare.drop();
    }
  });
});

describe('sendEmail idempotency on the pg-boss queue', () => {
  // The worker looks for jobs at start and then once a minute: the jobs counted here stay as written.
  // No delivery worker (no slots): the jobs stay as acceptance wrote them (a NOTIFY wakes workers at once).
  const t = useTestApp({ outbound: { ...DEFAULT_OUTBOUND_SETTINGS, concurrency: 0 } });

  it('answers a repeated key and content with the first message as a duplicate, and queues one job', async () => {
    const input = message({ idempotencyKey: 'queue-1', subject: 'Your order' });
    const first = await send(t, input, SENDER_TOKEN);
    const again = await send(t, input, SENDER_TOKEN);
    expect(first.data?.sendEmail.duplicate).toBe(false);
    expect(again.data?.sendEmail).toEqual({ duplicate: true, message: first.data?.sendEmail.message });
    const id = rowId(first.data?.sendEmail.message.id ?? '');
    expect(await jobsOf(t.db, [id])).toEqual(new Map([[id, 1]]));
    expect(await unpaired(t.db)).toEqual({ jobsWithoutMessage: 0, messagesWithoutOneJob: 0 });
  });

  it('refuses the key with other content with CONFLICT, and writes neither message nor job', async () => {
    const first = await send(t, message({ idempotencyKey: 'queue-2', text: 'first' }), SENDER_TOKEN);
    const other = await send(t, message({ idempotencyKey: 'queue-2', text: 'second' }), SENDER_TOKEN);
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const rows = await t.db.query<{ id: string }>(`SELECT id FROM outbound_message WHERE idempotency_key = 'queue-2'`);
    expect(rows).toEqual([{ id: rowId(first.data?.sendEmail.message.id ?? '') }]);
    expect(await unpaired(t.db)).toEqual({ jobsWithoutMessage: 0, messagesWithoutOneJob: 0 });
  });

  it('creates one message and one job for concurrent identical requests, and answers every one with it', async () => {
    const input = message({ idempotencyKey: 'queue-burst', subject: 'Burst' });
    const results = await Promise.all(Array.from({ length: 20 }, () => send(t, input, SENDER_TOKEN)));
    expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
    expect(new Set(results.map((result) => result.data?.sendEmail.message.id)).size).toBe(1);
    expect(results.filter((result) => result.data?.sendEmail.duplicate === false)).toHaveLength(1);
    const rows = await t.db.query<{ id: string }>(`SELECT id FROM outbound_message WHERE idempotency_key = 'queue-burst'`);
    expect(rows).toHaveLength(1);
    expect(await jobsOf(t.db, [rows[0]?.id ?? ''])).toEqual(new Map([[rows[0]?.id, 1]]));
    expect(await unpaired(t.db)).toEqual({ jobsWithoutMessage: 0, messagesWithoutOneJob: 0 });
  });

  it('queues nothing for a refused request: over OUTBOUND_MAX_RECIPIENTS, or from a viewer', async () => {
    const count = () => t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [OUTBOUND_QUEUE_NAME]);
    const before = await count();
    const tooMany = await send(t, message({ to: Array.from({ length: 101 }, (_, i) => `r${i}@example.com`) }), ADMIN_TOKEN);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const viewer = await send(t, message({ subject: 'from a viewer' }), VIEWER_TOKEN);
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count()).toEqual(before);
  });
});
