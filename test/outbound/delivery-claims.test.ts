/**
 * The delivery's batched database steps on a real PostgreSQL and pg-boss, with no worker running:
 * a batch of due jobs and their messages claimed in one statement, claims put back as they were
 * (or left alone when the job is not theirs any more), and outcomes recorded in groups.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { DeliveryRecorder } from '../../src/outbound/delivery-recorder';
import { OutboundDeliveryQueue } from '../../src/outbound/outbound-delivery-queue';
import { OutboundDeliveryRepository, type ClaimedJob, type FinalRecord } from '../../src/outbound/outbound-delivery.repository';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDeliveryQueue } from '../support/delivery-queue';
import { OutboundRows } from '../support/outbound-rows';

const SENT: FinalRecord = { status: 'SENT', accepted: ['someone@outbound.test'], rejected: [], reply: '250 ok', settingsVersion: 1 };

interface RowState extends Record<string, unknown> {
  id: string;
  status: string;
  attempts: number;
  delivery_job_id: string | null;
  job_state: string;
  job_started_on: Date | null;
  job_retry_count: number;
}

describe('claims in batches and outcomes in groups', () => {
  let db: TestDatabase;
  let pool: Pool;
  let jobs: JobQueue;
  let prisma: PrismaClient;
  let repository: OutboundDeliveryRepository;
  let rows: OutboundRows;

  /** Each message with its job, as the database has them. */
  const states = (ids: readonly string[]) =>
    db.query<RowState>(
      `SELECT m.id::text, m.status::text, m.attempts, m.delivery_job_id::text, j.state::text AS job_state, j.started_on AS job_started_on, j.retry_count AS job_retry_count
       FROM outbound_message m JOIN pgboss.job j ON j.name = 'outbound-delivery' AND j.data->>'id' = m.id::text
       WHERE m.id = ANY($1::uuid[]) ORDER BY m.subject`,
      [ids],
    );
  const claimedMessage = (claimed: ClaimedJob) => {
    if (!claimed.message) throw new Error(`job ${claimed.job.id} came without a message`);
    return claimed.message;
  };
  /** Sends nothing: records every claimed message SENT, so that the next test starts with nothing due. */
  const finish = (claimed: readonly ClaimedJob[]) =>
    repository.recordFinals(claimed.map((c) => ({ jobId: c.job.id, id: claimedMessage(c).id, outcome: SENT })));

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startDeliveryQueue(db.url, 'test-delivery-claims');
    jobs = started.jobs;
    const queue = started.queue;
    // As app.ts does: Prisma's adapter on the pool the attempts' statements use directly.
    pool = new Pool({ connectionString: db.url });
    prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    repository = new OutboundDeliveryRepository(prisma, queue, pool);
    rows = OutboundRows.withQueue(db.url, queue);
  });
  afterAll(async () => {
    await rows?.close();
    await prisma?.$disconnect();
    await pool?.end();
    await jobs?.stop();
    await db?.drop();
  });

  it('claims a batch of due messages with their jobs in one statement, and puts back those not attempted as they were', async () => {
    const accepted = [await rows.accept({ subject: 'first' }), await rows.accept({ subject: 'second' }), await rows.accept({ subject: 'third' })];
    const ids = accepted.map((row) => row.id);

    const claimed = await repository.claimDue(2);
    expect(claimed.map((c) => claimedMessage(c).subject).sort()).toEqual(['first', 'second']);
    expect(claimed.map((c) => claimedMessage(c).attempts)).toEqual([1, 1]);
    const taken = await states(ids);
    expect(taken.map((row) => [row.status, row.attempts, row.job_state])).toEqual([
      ['SENDING', 1, 'active'],
      ['SENDING', 1, 'active'],
      ['QUEUED', 0, 'created'],
    ]);
    expect(
      taken
        .slice(0, 2)
        .map((row) => row.delivery_job_id)
        .sort(),
    ).toEqual(claimed.map((c) => c.job.id).sort());

    await Promise.all(claimed.map((c) => repository.unclaim(c)));
    expect((await states(ids)).map((row) => [row.status, row.attempts, row.delivery_job_id, row.job_state, row.job_started_on, row.job_retry_count])).toEqual([
      ['QUEUED', 0, null, 'created', null, 0],
      ['QUEUED', 0, null, 'created', null, 0],
      ['QUEUED', 0, null, 'created', null, 0],
    ]);

    // Put back means due again, for anyone, with the attempt not counted.
    const again = await repository.claimDue(10);
    expect(again.map((c) => claimedMessage(c).id).sort()).toEqual([...ids].sort());
    expect(again.map((c) => claimedMessage(c).attempts)).toEqual([1, 1, 1]);
    await finish(again);
    expect((await states(ids)).map((row) => [row.status, row.job_state])).toEqual([
      ['SENT', 'completed'],
      ['SENT', 'completed'],
      ['SENT', 'completed'],
    ]);
  });

  it('leaves a claim alone when its job was taken since by another holder (its lease ran out)', async () => {
    const { id } = await rows.accept();
    const [claimed] = await repository.claimDue(1);
    if (!claimed) throw new Error('nothing claimed');
    // Another holder's fetch, after the lease ran out: the job is active again, since another moment.
    await db.query("UPDATE pgboss.job SET started_on = started_on + interval '1 second', retry_count = retry_count + 1 WHERE id = $1::uuid", [claimed.job.id]);
    await repository.unclaim(claimed);
    expect((await states([id])).map((row) => [row.status, row.attempts, row.job_state, row.job_retry_count])).toEqual([['SENDING', 1, 'active', 1]]);
    await finish([claimed]);
  });

  it('returns a job whose message is not to be sent without a message, and claims nothing for it', async () => {
    const { id } = await rows.accept();
    await db.query("UPDATE outbound_message SET status = 'CANCELLED' WHERE id = $1::uuid", [id]);
    const claimed = await repository.claimDue(5);
    expect(claimed.map((c) => [c.job.data.id, c.message])).toEqual([[id, undefined]]);
    expect((await states([id])).map((row) => [row.status, row.attempts])).toEqual([['CANCELLED', 0]]);
    await Promise.all(claimed.map((c) => repository.drop(c.job.id)));
  });

  it('records the outcomes that end while a group is being written together, in one statement', async () => {
    for (let i = 0; i < 12; i++) await rows.accept();
    const claimed = await repository.claimDue(12);
    expect(claimed).toHaveLength(12);
    const groups: number[] = [];
    const recorder = new DeliveryRecorder({
      record: (jobId, id, outcome) => repository.record(jobId, id, outcome),
      recordFinals: (entries) => {
        groups.push(entries.length);
        return repository.recordFinals(entries);
      },
    });
    await Promise.all(claimed.map((c) => recorder.record(c.job.id, claimedMessage(c).id, SENT)));
    // The first alone at once, the second alone beside it (two statements at once), the ten that came while they were written together.
    expect(groups).toEqual([1, 1, 10]);
    const recorded = await states(claimed.map((c) => claimedMessage(c).id));
    expect(recorded.map((row) => [row.status, row.job_state])).toEqual(Array.from({ length: 12 }, () => ['SENT', 'completed']));
  });

  it('does not let one outcome the statement cannot take hold back the others of its group', async () => {
    for (let i = 0; i < 4; i++) await rows.accept({ subject: `poison ${i}` });
    const claimed = await repository.claimDue(4);
    const [first, second, ...rest] = claimed;
    if (!first || !second) throw new Error('nothing claimed');
    const groups: number[] = [];
    const recorder = new DeliveryRecorder({
      record: (jobId, id, outcome) => repository.record(jobId, id, outcome),
      recordFinals: (entries) => {
        groups.push(entries.length);
        return repository.recordFinals(entries);
      },
    });
    const results = await Promise.allSettled([
      recorder.record(first.job.id, claimedMessage(first).id, SENT),
      recorder.record(second.job.id, claimedMessage(second).id, SENT),
      // Not a message id the database can take: its group's statement fails as a whole.
      recorder.record(first.job.id, 'not-a-uuid', SENT),
      ...rest.map((c) => recorder.record(c.job.id, claimedMessage(c).id, SENT)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // The first two alone (two statements at once); then the group of three fails, and each of them goes alone.
    expect(groups).toEqual([1, 1, 3, 1, 1, 1]);
    expect((await states(claimed.map((c) => claimedMessage(c).id))).map((row) => row.status)).toEqual(['SENT', 'SENT', 'SENT', 'SENT']);
  });
  it('runs the claim, put-back and record statements prepared: each connection parses them once, then only runs them', async () => {
    // One connection, so that the statements prepared on it are the ones pg_prepared_statements shows.
    const single = new Pool({ connectionString: db.url, max: 1 });
    try {
      const own = new OutboundDeliveryRepository(prisma, new OutboundDeliveryQueue(jobs), single);
      for (let round = 0; round < 3; round++) {
        const ids = [(await rows.accept({ subject: `prepared ${round} a` })).id, (await rows.accept({ subject: `prepared ${round} b` })).id];
        const claimed = await own.claimDue(2);
        expect(claimed.map((c) => claimedMessage(c).id).sort()).toEqual([...ids].sort());
        const [first, ...rest] = claimed;
        if (first) await own.unclaim(first);
        const again = await own.claimDue(1);
        await own.recordFinals([...rest, ...again].map((c) => ({ jobId: c.job.id, id: claimedMessage(c).id, outcome: SENT })));
        expect((await states(ids)).map((row) => row.status)).toEqual(['SENT', 'SENT']);
      }
      const { rows: prepared } = await single.query<{ statement: string; runs: number }>(
        'SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY statement',
      );
      const runsOf = (start: RegExp) => prepared.filter((entry) => start.test(entry.statement.trim())).map((entry) => entry.runs);
      // Each text prepared once on the connection, and run as that prepared statement every time.
      expect(runsOf(/^WITH jobs_due AS MATERIALIZED/)).toEqual([6]);
      expect(runsOf(/^WITH job AS/)).toEqual([3]);
      expect(runsOf(/^WITH input AS/)).toEqual([3]);
    } finally {
      await single.end();
    }
  });
});
