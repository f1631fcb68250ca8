import type { Logger } from 'pino';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import { attemptDeadline, attemptDelivery, dropJob, recordAttempt, sendClaimed, type AttemptDependencies } from './outbound-attempt.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import type { ClaimedJob } from './outbound-delivery.repository.js';

export interface OutboundWorkerOptions extends AttemptDependencies {
  queue: OutboundDeliveryQueue;
  concurrency: number;
  pollIntervalMs: number;
  log: Logger;
}

/**
 * Works the outbound queue on this instance: up to `concurrency` sends at once. A slot that frees
 * up is filled at once (a take runs for it even while another take is under way); an idle
 * instance waits for a poke (a due message announced by the database, see `poke`) or the next poll.
 *
 * Without a pace, a take claims a batch of jobs and their messages in one statement, and a slot is
 * held only by the send: the outcome is recorded (with the job's completion) after the slot is
 * free again, so the database's round trips do not stand between two sends. With a pace, each job
 * is fetched alone and its attempt (pace, claim, send, record) holds the slot.
 *
 * `stop` takes no more jobs and waits for the sends in flight and their records; jobs not taken
 * stay queued for the other instances or the next start.
 */
export class OutboundWorker {
  /** Sends in flight (paced: whole attempts), one per slot. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Takes under way, and records and drops that follow a send (they hold no slot). */
  private readonly background = new Set<Promise<void>>();
  /** Slots that a take under way will fill. */
  private reserved = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A poke that came while no wait was under way: the next wait is skipped. */
  private poked = false;
  /** Pokes so far: a take that came back short looks again if a poke came while it ran. */
  private pokes = 0;

  constructor(private readonly options: OutboundWorkerOptions) {}

  /** Sends in flight on this instance. */
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
    this.pokes++;
    this.wake?.();
  }

  /** Takes no more jobs; resolves when the sends in flight have finished and are recorded, or after `timeoutMs` (their jobs stay theirs until their lease runs out). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    await Promise.race([this.drained(), timeout]);
    clearTimeout(timer);
    const left = this.inFlight.size + this.background.size;
    if (left > 0) this.options.log.warn({ inFlight: left }, 'outbound attempts still in flight at shutdown: their jobs come back when their lease runs out');
  }

  /** Resolves when no take, send or record is under way (a take that was under way begins sends, a send begins its record). */
  private async drained(): Promise<void> {
    while (this.inFlight.size + this.background.size > 0) await Promise.all([...this.inFlight, ...this.background]);
  }

  private async run(): Promise<void> {
    const { concurrency, pollIntervalMs } = this.options;
    while (!this.stopping) {
      const free = concurrency - this.inFlight.size - this.reserved;
      if (free > 0) this.take(free);
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

  /** Takes up to `count` due jobs for free slots and begins them; looks again at once when it got all it asked for or a poke came meanwhile. */
  private take(count: number): void {
    const { log, pace } = this.options;
    this.reserved += count;
    const pokes = this.pokes;
    this.track(
      (async () => {
        let taken = 0;
        try {
          taken = pace ? this.beginFetched(await this.options.queue.fetch(count)) : this.beginClaimed(await this.options.repository.claimDue(count));
        } catch (error) {
          log.warn({ err: error }, 'outbound delivery: fetching jobs failed');
          return;
        } finally {
          this.reserved -= count;
        }
        if (taken === count || this.pokes !== pokes) this.poke();
      })(),
    );
  }

  /** Paced: each job's whole attempt holds a slot. */
  private beginFetched(jobs: FetchedJob<DeliveryJob>[]): number {
    // Stopping while fetching: the jobs are ours now; attempt them (SIGTERM finishes what was taken).
    for (const job of jobs) this.occupy(job, attemptDelivery(job, this.options));
    return jobs.length;
  }

  /** Claimed in a batch: the send holds a slot, the record follows outside it. */
  private beginClaimed(claimed: ClaimedJob[]): number {
    const deadline = attemptDeadline(this.options.settings);
    for (const { job, message } of claimed) {
      if (!message) {
        this.track(this.handedBackOnFailure(job, dropJob(job.id, this.options, deadline)));
        continue;
      }
      const send = sendClaimed(message, this.options).then((sent) => {
        this.track(this.handedBackOnFailure(job, recordAttempt(job, message, sent, this.options, deadline)));
      });
      this.occupy(job, send);
    }
    return claimed.length;
  }

  private occupy(job: FetchedJob<DeliveryJob>, attempt: Promise<void>): void {
    const slot = this.handedBackOnFailure(job, attempt).finally(() => {
      this.inFlight.delete(slot);
      this.poke();
    });
    this.inFlight.add(slot);
  }

  private track(task: Promise<void>): void {
    const tracked = task.finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** An attempt that could not finish (the database stayed away past its deadline): its job goes back to pg-boss for a retry. */
  private handedBackOnFailure(job: FetchedJob<DeliveryJob>, attempt: Promise<void>): Promise<void> {
    return attempt.catch(async (error: unknown) => {
      this.options.log.error({ err: error, outbound: job.data.id }, 'outbound delivery attempt could not finish; its job is handed back');
      await this.options.queue.release(job.id, 'attempt could not finish').catch(() => undefined);
    });
  }
}
