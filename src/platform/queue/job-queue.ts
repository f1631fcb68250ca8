import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Prisma } from '../../generated/prisma/client.js';
import { transactionDb } from './transaction-db.js';

/** The schema pg-boss keeps its tables in, beside ours in the service's database. */
export const QUEUE_SCHEMA = 'pgboss';

export interface JobQueueOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity for the queue's own connections. */
  applicationName: string;
  log: Logger;
  /** How often one instance of all expires jobs whose holder vanished (their lease ran out) and archives old ones. */
  maintenanceIntervalSeconds: number;
  /** Connections of the queue's own pool (fetching, completing, maintenance). */
  maxConnections?: number;
}

/** A queue's retry policy for jobs whose holder died or failed (pg-boss's own retries). */
export interface QueuePolicy {
  /** How long a fetched job may stay active before pg-boss takes it back (the holder's lease). */
  leaseSeconds: number;
  /** Retries of a job taken back or failed; large: a job is never dropped by pg-boss while our row still waits. */
  retryLimit: number;
  retryDelaySeconds: number;
}

/** One fetched job: its id, its data, and how many times it was handed out before. */
export interface FetchedJob<T> {
  id: string;
  data: T;
  /** 0 on the first hand-out; more when an earlier holder failed or its lease ran out. */
  retryCount: number;
}

/**
 * The service's job queue: pg-boss on the service's database (schema `pgboss`, installed and
 * migrated at start by pg-boss itself, under its advisory lock, so instances may start together).
 * A job can be written inside a Prisma interactive transaction (`send(tx, ...)`) and completed inside
 * one (`complete(tx, ...)`), so a job and the rows it stands for never disagree after a commit.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private stopping = false;

  constructor(options: JobQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      application_name: options.applicationName,
      schema: QUEUE_SCHEMA,
      max: options.maxConnections ?? 4,
      migrate: true,
      supervise: true,
      // No cron schedules here: no clock-skew monitor or schedule workers.
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    // pg-boss reports failures of its own background work (maintenance, a lost connection) as events.
    this.boss.on('error', (error) => {
      // Once stopping, background work cut short by closing connections (or by the database
      // stopping after us, as the embedded one does) is expected: not a warning.
      if (this.stopping) options.log.debug({ err: error }, 'job queue background work ended while stopping');
      else options.log.warn({ err: error }, 'job queue background work failed');
    });
  }

  /** Opens the pool, installs or migrates the `pgboss` schema, starts maintenance. */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /**
   * Creates the queue `name` or brings its policy up to date. Instances starting together may
   * race to create it (pg-boss creates a table per queue, and two creations can deadlock): the
   * loser tries again and finds it created.
   */
  async declare(name: string, policy: QueuePolicy): Promise<void> {
    const settings = { name, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: false, expireInSeconds: policy.leaseSeconds };
    for (let attempt = 1; ; attempt++) {
      try {
        if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, settings);
        else await this.boss.createQueue(name, settings);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }

  /** Writes a job inside `tx`: it exists once `tx` commits, and never if it rolls back. */
  async send(tx: Prisma.TransactionClient, name: string, data: object, startAfter?: Date): Promise<void> {
    const id = await this.boss.send(name, data, { db: transactionDb(tx), ...(startAfter ? { startAfter } : {}) });
    // pg-boss writes nothing for a queue that was never declared: fail the transaction rather than lose the job.
    if (id === null) throw new Error(`job queue "${name}" does not exist: declare it before sending`);
  }

  /**
   * pg-boss 10's insert of jobs as a data-modifying statement, for a `WITH` beside the caller's own
   * insert: one job of queue `name` per row of `rows` (SQL of a query or CTE with a jsonb column
   * `data`), as `send(name, data)` with no per-job options writes it: due now, with the queue's
   * retry, expiry, retention and dead-letter policy. The rows and their jobs then commit in ONE
   * statement, one round trip instead of a transaction's four. Mirrors pg-boss's insertJob
   * (src/plans.js); a test compares the two rows and has pg-boss fetch and complete both.
   * The queue is LEFT JOINed: for a queue never declared the insert fails (no partition of `job`
   * takes the row, and the queue foreign key refuses it), failing the whole statement, so no row
   * of the caller's is ever written without its job.
   */
  sendStatement(name: string, rows: string): string {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`unexpected queue name "${name}"`);
    return `INSERT INTO ${QUEUE_SCHEMA}.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter, expire_in, keep_until,
                                retry_limit, retry_delay, retry_backoff, policy)
      SELECT gen_random_uuid(), '${name}', r.data, 0, now(), NULL, NULL, q.dead_letter,
             CASE WHEN q.expire_seconds IS NOT NULL THEN q.expire_seconds * interval '1s' ELSE interval '15 minutes' END,
             now() + CAST(COALESCE((q.retention_minutes * 60)::text, '14 days') AS interval),
             COALESCE(q.retry_limit, 2),
             CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(q.retry_delay, 1) ELSE COALESCE(q.retry_delay, 0) END,
             COALESCE(q.retry_backoff, false), q.policy
        FROM (${rows}) r LEFT JOIN ${QUEUE_SCHEMA}.queue q ON q.name = '${name}'
      RETURNING id`;
  }

  /** Takes up to `count` due jobs of `name`; each is this holder's until completed, failed or its lease runs out. */
  async fetch<T>(name: string, count: number): Promise<FetchedJob<T>[]> {
    const { rows } = await this.boss.getDb().executeSql(this.fetchJobsStatement(name), [count]);
    return (rows as { id: string; data: T; retry_count: number }[]).map((job) => ({ id: job.id, data: job.data, retryCount: job.retry_count }));
  }

  /**
   * `fetch`'s statement (`$1`: how many jobs): `fetchStatement` alone, oldest due first, rather
   * than pg-boss's fetch, which reads and sorts every due job of the queue at each call (see
   * `fetchStatement`): a backlog of pushes or of paced messages would slow its own catching up.
   */
  fetchJobsStatement(name: string): string {
    return `WITH ${this.fetchStatement(name, 1)} SELECT id::text AS id, data, retry_count FROM jobs`;
  }

  /**
   * Marks a job done inside `tx` (with the rows that record its outcome). False when it was not
   * active any more: done already, or taken back after its lease ran out.
   */
  async complete(tx: Prisma.TransactionClient, name: string, id: string): Promise<boolean> {
    // pg-boss's third argument is the job's output: the connection goes fourth.
    // pg-boss 10 answers `{ affected }`, which its types leave out (void).
    const result = (await (this.boss.complete(name, id, {}, { db: transactionDb(tx) }) as Promise<unknown>)) as { affected?: number } | undefined;
    return result?.affected === 1;
  }

  /**
   * pg-boss 10's completion of one job as a data-modifying statement (`UPDATE ... RETURNING id`),
   * for a `WITH` beside the caller's own update: the job and the caller's rows change in ONE
   * statement, one round trip instead of a transaction's four. `jobParam` is the placeholder
   * number of the job's id. Mirrors pg-boss's completeJobs (state, completed_on, only if active).
   */
  completionStatement(name: string, jobParam: number): string {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`unexpected queue name "${name}"`);
    return `UPDATE ${QUEUE_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = '${name}' AND id = $${jobParam}::uuid AND state = 'active' RETURNING id`;
  }

  /** `completionStatement` for the jobs whose ids are the array `$<idsParam>` (`RETURNING id`). */
  completionsStatement(name: string, idsParam: number): string {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`unexpected queue name "${name}"`);
    return `UPDATE ${QUEUE_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = '${name}' AND id = ANY($${idsParam}::uuid[]) AND state = 'active' RETURNING id`;
  }

  /**
   * pg-boss 10's fetch of up to `$<countParam>` due jobs of `name` as two items of a `WITH`, to
   * write beside the caller's own update: `<alias>_due` (the jobs locked, as they were) and
   * `<alias>` (the data-modifying `UPDATE ... RETURNING id, data, retry_count`, and for
   * `unfetchStatement` the started_on it set and the job's state, started_on and retry_count before
   * it: `started_on`, `was_state`, `was_started_on`, `was_retry_count`, times as text, exact to the
   * microsecond). The jobs are taken and the caller's rows change in ONE statement. Mirrors
   * pg-boss's fetchNextJob for a queue of the standard policy (state, started_on, retry_count,
   * SKIP LOCKED, the locking SELECT materialized once: a subquery the plan scans again could lock
   * more than the limit), the policy of every queue here; a singleton or stately queue would need
   * pg-boss's own fetch.
   *
   * Unlike pg-boss's, the jobs come oldest due first (`start_after`), priorities ignored: that is
   * the order of pg-boss's index on due jobs (job_i5, `(name, start_after) WHERE state < 'active'`),
   * so the scan stops at the limit. pg-boss's order (priority, created_on) has no index: every
   * fetch read and sorted all the due jobs, its cost growing with the backlog (a claim of 4 took
   * 2.7 ms with 2,000 queued, 23 ms with 20,000, 126 ms with 100,000; now 0.9 ms at each). The
   * job rows are updated through `= ANY (ARRAY(...))` of the ids taken, so that even a generic plan
   * (which cannot know the limit) reaches them by key rather than by scanning the table.
   */
  fetchStatement(name: string, countParam: number, alias = 'jobs'): string {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`unexpected queue name "${name}"`);
    if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`unexpected alias "${alias}"`);
    return `${alias}_due AS MATERIALIZED (
        SELECT id, state, started_on, retry_count FROM ${QUEUE_SCHEMA}.job
        WHERE name = '${name}' AND state < 'active' AND start_after < now()
        ORDER BY start_after
        LIMIT $${countParam}::int
        FOR UPDATE SKIP LOCKED
      ), ${alias} AS (
        UPDATE ${QUEUE_SCHEMA}.job j SET
          state = 'active',
          started_on = now(),
          retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
        FROM ${alias}_due due
        WHERE j.name = '${name}' AND j.id = ANY (ARRAY(SELECT id FROM ${alias}_due)) AND j.id = due.id
        RETURNING j.id, j.data, j.retry_count, j.started_on::text AS started_on,
          due.state::text AS was_state, due.started_on::text AS was_started_on, due.retry_count AS was_retry_count
      )`;
  }

  /**
   * Undoes `fetchStatement` for one job still active by this very fetch (taken but not attempted):
   * its state, started_on and retry_count as they were. Placeholders from `$<first>`: the id, the
   * started_on this fetch set (a job whose lease ran out and that another holder took since is
   * left alone), then state, started_on and retry_count before. One data-modifying statement
   * (`RETURNING id`) for a `WITH`.
   */
  unfetchStatement(name: string, first: number): string {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`unexpected queue name "${name}"`);
    return `UPDATE ${QUEUE_SCHEMA}.job SET state = $${first + 2}::${QUEUE_SCHEMA}.job_state, started_on = $${first + 3}::timestamptz, retry_count = $${first + 4}::int
      WHERE name = '${name}' AND id = $${first}::uuid AND state = 'active' AND started_on = $${first + 1}::timestamptz RETURNING id`;
  }

  /** Hands a job back for pg-boss to retry after its retry delay (its holder could not finish it). */
  async fail(name: string, id: string, reason: string): Promise<void> {
    await this.boss.fail(name, id, { reason });
  }

  /** Jobs of `name` waiting (due or not), not counting those active. */
  async waiting(name: string): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  /** Stops maintenance and closes the pool; jobs still active stay so and come back when their lease runs out. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }
}
