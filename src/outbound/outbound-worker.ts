import type { Logger } from 'pino';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import { attemptDelivery, type AttemptDependencies } from './outbound-attempt.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';

export interface OutboundWorkerOptions extends AttemptDependencies {
  queue: OutboundDeliveryQueue;
  concurrency: number;
  pollIntervalMs: number;
  log: Logger;
}

/**
 * Works the outbound queue on this instance: up to `concurrency` attempts at once, fetching as
 * slots free up and polling when idle. `stop` takes no more jobs and waits for the attempts in
 * flight; jobs not taken stay queued for the other instances or the next start.
 */
export class OutboundWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A poke that came while no wait was under way (during a fetch): the next wait is skipped. */
  private poked = false;

  constructor(private readonly options: OutboundWorkerOptions) {}

  /** Attempts in flight on this instance. */
  get active(): number {
    return this.inFlight.size;
  }

  get running(): boolean {
    return this.loop !== undefined && !this.stopping;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Looks for due jobs now rather than at the next poll. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** Takes no more jobs; resolves when the attempts in flight have finished, or after `timeoutMs` (they keep their jobs until their lease runs out). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(this.inFlight), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0)
      this.options.log.warn({ inFlight: this.inFlight.size }, 'outbound attempts still in flight at shutdown: their jobs come back when their lease runs out');
  }

  private async run(): Promise<void> {
    const { queue, concurrency, pollIntervalMs, log } = this.options;
    while (!this.stopping) {
      const free = concurrency - this.inFlight.size;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = await queue.fetch(free);
          fetched = jobs.length;
          // Stopping while fetching: the jobs are ours now; attempt them (SIGTERM finishes what was taken).
          for (const job of jobs) this.begin(job);
        } catch (error) {
          log.warn({ err: error }, 'outbound delivery: fetching jobs failed');
        }
      }
      // A full batch: more may be due at once; otherwise wait for a free slot or the next poll.
      if (this.stopping || (free > 0 && fetched === free && this.inFlight.size < concurrency)) continue;
      if (this.poked) {
        this.poked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.poked = false;
    }
  }

  private begin(job: FetchedJob<DeliveryJob>): void {
    const attempt = attemptDelivery(job, this.options)
      .catch(async (error: unknown) => {
        this.options.log.error({ err: error, outbound: job.data.id }, 'outbound delivery attempt could not finish; its job is handed back');
        await this.options.queue.release(job.id, 'attempt could not finish').catch(() => undefined);
      })
      .finally(() => {
        this.inFlight.delete(attempt);
        this.poke();
      });
    this.inFlight.add(attempt);
  }
}
