import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { createLogger } from '../../src/platform/logging/logger';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { LogCapture } from '../support/test-app';

const QUEUE = 'test-jobs';
let db: TestDatabase;
let prisma: PrismaClient;
let queue: JobQueue;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  queue = new JobQueue({ databaseUrl: db.url, applicationName: 'queue-test', log: createLogger('warn', new LogCapture()), maintenanceIntervalSeconds: 1 });
  await queue.start();
  await queue.declare(QUEUE, { leaseSeconds: 1, retryLimit: 5, retryDelaySeconds: 0 });
});

afterAll(async () => {
  await queue.stop();
  await prisma.$disconnect();
  await db.drop();
});

describe('the job queue', () => {
  it('installs its tables in the pgboss schema of the service database', async () => {
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'pgboss'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['job', 'queue', 'version']));
  });

  it('writes a job inside a Prisma transaction: it exists once committed, with its data', async () => {
    await prisma.$transaction(async (tx) => {
      await queue.send(tx, QUEUE, { id: 'committed', n: 1 });
    });
    const jobs = await queue.fetch<{ id: string; n: number }>(QUEUE, 10);
    expect(jobs.map((job) => job.data)).toEqual([{ id: 'committed', n: 1 }]);
    await prisma.$transaction((tx) => queue.complete(tx, QUEUE, jobs[0]?.id ?? ''));
    expect(await queue.fetch(QUEUE, 10)).toEqual([]);
  });

  it('completes a job inside a transaction: not if the transaction rolls back', async () => {
    await prisma.$transaction((tx) => queue.send(tx, QUEUE, { id: 'completed in a transaction' }));
    const [job] = await queue.fetch<{ id: string }>(QUEUE, 1);
    const id = job?.id ?? '';
    await expect(
      prisma.$transaction(async (tx) => {
        expect(await queue.complete(tx, QUEUE, id)).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const [active] = await db.query<{ state: string }>('SELECT state::text FROM pgboss.job WHERE id = $1', [id]);
    expect(active?.state).toBe('active');
    expect(await prisma.$transaction((tx) => queue.complete(tx, QUEUE, id))).toBe(true);
    const [completed] = await db.query<{ state: string }>('SELECT state::text FROM pgboss.job WHERE id = $1', [id]);
    expect(completed?.state).toBe('completed');
    // Done already: a second completion changes nothing and says so.
    expect(await prisma.$transaction((tx) => queue.complete(tx, QUEUE, id))).toBe(false);
  });

  it('loses the job with the transaction that rolls back', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await queue.send(tx, QUEUE, { id: 'rolled back' });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await queue.fetch(QUEUE, 10)).toEqual([]);
    expect(await queue.waiting(QUEUE)).toBe(0);
  });

  it('holds a job with a start time back until then', async () => {
    await prisma.$transaction((tx) => queue.send(tx, QUEUE, { id: 'later' }, new Date(Date.now() + 60_000)));
    expect(await queue.fetch(QUEUE, 10)).toEqual([]);
    expect(await queue.waiting(QUEUE)).toBe(1);
    await db.query(`DELETE FROM pgboss.job WHERE name = $1`, [QUEUE]);
  });

  it('lets several instances starting together declare the same queue', async () => {
    const others = Array.from(
      { length: 4 },
      (_, index) =>
        new JobQueue({
          databaseUrl: db.url,
          applicationName: `queue-test-${index}`,
          log: createLogger('warn', new LogCapture()),
          maintenanceIntervalSeconds: 60,
        }),
    );
    try {
      await Promise.all(others.map((other) => other.start()));
      await Promise.all(others.map((other) => other.declare('raced-queue', { leaseSeconds: 60, retryLimit: 1, retryDelaySeconds: 0 })));
      const queues = await db.query<{ name: string }>(`SELECT name FROM pgboss.queue WHERE name = 'raced-queue'`);
      expect(queues).toHaveLength(1);
    } finally {
      await Promise.all(others.map((other) => other.stop()));
    }
  });

  it('hands a job whose holder vanished out again once its lease runs out, with a retry count', async () => {
    await prisma.$transaction((tx) => queue.send(tx, QUEUE, { id: 'abandoned' }));
    const [first] = await queue.fetch<{ id: string }>(QUEUE, 1);
    expect(first?.retryCount).toBe(0);
    // Not completed: the lease (1 s) runs out and maintenance (every second) takes it back.
    const deadline = Date.now() + 15_000;
    let again: { id: string; retryCount: number } | undefined;
    while (!again && Date.now() < deadline) {
      again = (await queue.fetch<{ id: string }>(QUEUE, 1))[0];
      if (!again) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(again?.id).toBe(first?.id);
    expect(again?.retryCount).toBe(1);
  });
});
