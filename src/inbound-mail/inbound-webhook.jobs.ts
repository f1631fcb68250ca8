/**
 * The webhook pushes as jobs of the service's job queue (src/platform/queue, pg-boss 10, the
 * queue outbound mail uses): one job per push attempt, written inside the caller's transaction.
 * A failed attempt completes its job and writes the next one, due after a delay that doubles each
 * time (with jitter), in one transaction; a job whose instance died comes back when its lease
 * runs out.
 */
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { FetchedJob, JobQueue } from '../platform/queue/job-queue.js';
import { PokeWait } from '../platform/queue/poke-wait.js';

/** The queue of webhook pushes. */
export const INBOUND_WEBHOOK_QUEUE = 'inbound-webhook';

/** The longest wait between two attempts, however many failed. */
const MAX_DELAY_SECONDS = 6 * 3600;

/** One push attempt of one stored message. */
export interface PushJob {
  /** The inbound_message row's id. */
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

function isPushJob(data: unknown): data is PushJob {
  const job = data as Partial<PushJob> | null;
  return typeof job?.messageId === 'string' && typeof job.attempt === 'number';
}

/** The delay before attempt `attempt + 1`: base × 2^(attempt-1), times 1 to 1.5 so instances do not retry in step. */
export function retryDelaySeconds(base: number, attempt: number): number {
  return Math.min(MAX_DELAY_SECONDS, base * 2 ** Math.min(attempt - 1, 20) * (1 + Math.random() / 2));
}

export interface WebhookJobsOptions {
  readonly prisma: PrismaClient;
  readonly jobs: JobQueue;
  /** Retries after the first attempt (INBOUND_WEBHOOK_RETRY_LIMIT). */
  readonly retryLimit: number;
  /** The first retry's delay (INBOUND_WEBHOOK_RETRY_DELAY_SECONDS). */
  readonly retryDelaySeconds: number;
  /** How long an attempt may hold its job before pg-boss hands it to another instance. */
  readonly leaseSeconds: number;
  /** How often an idle worker looks for due jobs. */
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

/** Pushes one message; rejects when the receiver did not take it. */
export type Push = (messageId: string, attempt: number) => Promise<void>;

/** The queue side of the webhook: writing the first job of a message, and the worker that runs them. */
export class WebhookJobs {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private current: Promise<void> | undefined;
  private readonly idleWait = new PokeWait();

  constructor(private readonly options: WebhookJobsOptions) {}

  /** Creates the queue or brings its lease and pg-boss retries (for jobs whose instance died) up to date. */
  declare(): Promise<void> {
    return this.options.jobs.declare(INBOUND_WEBHOOK_QUEUE, {
      leaseSeconds: this.options.leaseSeconds,
      retryLimit: this.options.retryLimit,
      retryDelaySeconds: this.options.retryDelaySeconds,
    });
  }

  /** Writes the first push of `messageId` inside `tx`. */
  enqueue(tx: Prisma.TransactionClient, messageId: string): Promise<void> {
    return this.options.jobs.send(tx, INBOUND_WEBHOOK_QUEUE, { messageId, attempt: 1 } satisfies PushJob);
  }

  /** Runs `push` for each due job, one at a time, until stopped. */
  start(push: Push): void {
    this.loop ??= this.run(push);
  }

  /** Looks for due jobs now rather than at the next poll. */
  poke(): void {
    this.idleWait.poke();
  }

  /** Takes no more jobs; waits up to `timeoutMs` for the push under way (else its job comes back after its lease). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.current, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(push: Push): Promise<void> {
    const { jobs, pollIntervalMs, log } = this.options;
    while (!this.stopping) {
      let fetched: FetchedJob<unknown>[] = [];
      try {
        fetched = await jobs.fetch<unknown>(INBOUND_WEBHOOK_QUEUE, 1);
      } catch (error) {
        log.warn({ err: error }, 'inbound webhook: fetching jobs failed');
      }
      for (const job of fetched) {
        this.current = this.attempt(job, push);
        await this.current;
      }
      if (fetched.length > 0 || this.stopping) continue;
      await this.idleWait.wait(pollIntervalMs);
    }
  }

  private async attempt(job: FetchedJob<unknown>, push: Push): Promise<void> {
    const { prisma, jobs, retryLimit, log } = this.options;
    if (!isPushJob(job.data)) {
      await prisma.$transaction((tx) => jobs.complete(tx, INBOUND_WEBHOOK_QUEUE, job.id));
      return;
    }
    const { messageId, attempt } = job.data;
    try {
      await push(messageId, attempt);
      await prisma.$transaction((tx) => jobs.complete(tx, INBOUND_WEBHOOK_QUEUE, job.id));
    } catch (error) {
      try {
        await prisma.$transaction(async (tx) => {
          // Not active any more (its lease ran out and another instance has it): that one decides.
          if (!(await jobs.complete(tx, INBOUND_WEBHOOK_QUEUE, job.id))) return;
          if (attempt > retryLimit) {
            log.error({ inboundMessage: messageId, attempts: attempt }, 'inbound webhook push given up after the last retry (INBOUND_WEBHOOK_RETRY_LIMIT)');
            return;
          }
          const delay = retryDelaySeconds(this.options.retryDelaySeconds, attempt);
          await jobs.send(tx, INBOUND_WEBHOOK_QUEUE, { messageId, attempt: attempt + 1 } satisfies PushJob, new Date(Date.now() + delay * 1000));
        });
      } catch (handing) {
        log.warn({ err: handing, inboundMessage: messageId }, 'inbound webhook: could not schedule the retry; the job comes back after its lease');
      }
      if (!(error instanceof Error && error.name === 'WebhookPushFailed'))
        log.warn({ err: error, inboundMessage: messageId }, 'inbound webhook attempt failed');
    }
  }
}
