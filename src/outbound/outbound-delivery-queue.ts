import type { Prisma } from '../generated/prisma/client.js';
import type { FetchedJob, JobQueue, QueuePolicy } from '../platform/queue/job-queue.js';
import type { OutboundQueue } from './outbound-queue.js';

/** The pg-boss queue of outbound deliveries. */
export const OUTBOUND_QUEUE_NAME = 'outbound-delivery';

/** One job: deliver the message `id`. */
export interface DeliveryJob {
  id: string;
  /**
   * Set on a job put back by the pace for a message found SENDING by a taken-over job: the new
   * job inherits the right to take the message over from the attempt that vanished.
   */
  takeOver?: boolean;
}

/** The `OutboundQueue` on the service's job queue: one job per due attempt of a message. */
export class OutboundDeliveryQueue implements OutboundQueue {
  constructor(private readonly queue: JobQueue) {}

  /** Creates the queue, with pg-boss's own retries for jobs whose holder vanished (lease `leaseSeconds`). */
  declare(leaseSeconds: number): Promise<void> {
    const policy: QueuePolicy = {
      leaseSeconds,
      // Retries of pg-boss are only for jobs whose instance died or lost the database mid-attempt:
      // practically unlimited, so pg-boss never drops a job whose message still waits.
      retryLimit: 1_000_000,
      retryDelaySeconds: 1,
    };
    return this.queue.declare(OUTBOUND_QUEUE_NAME, policy);
  }

  enqueue(tx: Prisma.TransactionClient, id: string, startAfter?: Date): Promise<void> {
    return this.queue.send(tx, OUTBOUND_QUEUE_NAME, { id } satisfies DeliveryJob, startAfter);
  }

  /**
   * The delivery job of each message in the CTE `accepted` (column `id`), as a data-modifying
   * statement for the `WITH` that inserts the messages: acceptance in one statement.
   */
  jobStatement(accepted: string): string {
    if (!/^[a-z_][a-z0-9_]*$/.test(accepted)) throw new Error(`unexpected CTE name "${accepted}"`);
    return this.queue.sendStatement(OUTBOUND_QUEUE_NAME, `SELECT jsonb_build_object('id', id) AS data FROM ${accepted}`);
  }

  /** Writes the next job of a message inside `tx` (a retry, or a delay of the pace). */
  requeue(tx: Prisma.TransactionClient, job: DeliveryJob, startAfter: Date): Promise<void> {
    return this.queue.send(tx, OUTBOUND_QUEUE_NAME, job, startAfter);
  }

  /** Marks a job done inside `tx`, with the row that records what it came to; false when it was not active any more. */
  complete(tx: Prisma.TransactionClient, jobId: string): Promise<boolean> {
    return this.queue.complete(tx, OUTBOUND_QUEUE_NAME, jobId);
  }

  /** The completion of job `$<jobParam>` as one data-modifying statement, for a `WITH` beside the row's update. */
  completionStatement(jobParam: number): string {
    return this.queue.completionStatement(OUTBOUND_QUEUE_NAME, jobParam);
  }

  /** The completion of the jobs whose ids are the array `$<idsParam>`, as one data-modifying statement. */
  completionsStatement(idsParam: number): string {
    return this.queue.completionsStatement(OUTBOUND_QUEUE_NAME, idsParam);
  }

  /** Taking up to `$<countParam>` due jobs as two `WITH` items, the second named `alias` (see JobQueue.fetchStatement), beside the rows' claim. */
  fetchStatement(countParam: number, alias = 'jobs'): string {
    return this.queue.fetchStatement(OUTBOUND_QUEUE_NAME, countParam, alias);
  }

  /** Undoing a `fetchStatement` for one job (placeholders `$<first>` to `$<first + 4>`: id, started_on set by the fetch, then state, started_on, retry_count before). */
  unfetchStatement(first: number): string {
    return this.queue.unfetchStatement(OUTBOUND_QUEUE_NAME, first);
  }

  fetch(count: number): Promise<FetchedJob<DeliveryJob>[]> {
    return this.queue.fetch<DeliveryJob>(OUTBOUND_QUEUE_NAME, count);
  }

  /** Hands a job back to pg-boss for a retry soon (its attempt could not record anything). */
  release(jobId: string, reason: string): Promise<void> {
    return this.queue.fail(OUTBOUND_QUEUE_NAME, jobId, reason);
  }
}
