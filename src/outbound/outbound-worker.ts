import type { Logger } from 'pino';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import { PokeWait } from '../platform/queue/poke-wait.js';
import { attemptDeadline, attemptDelivery, dropJob, recordAttempt, sendClaimed, type AttemptDependencies } from './outbound-attempt.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import type { ClaimedJob, ClaimedMessage } from './outbound-delivery.repository.js';
import { ClaimAhead } from './delivery-claim-ahead.js';
import { UnrecordedLimit } from './unrecorded-limit.js';

export interface OutboundWorkerOptions extends AttemptDependencies {
  queue: OutboundDeliveryQueue;
  concurrency: number;
  pollIntervalMs: number;
  log: Logger;
}

/** A message claimed ahead, waiting for a slot. */
interface Waiting {
  claimed: ClaimedJob & { message: ClaimedMessage };
  since: number;
  deadline: number;
}

/**
 * Works the outbound queue on this instance: up to `concurrency` attempts at once. A slot that
 * frees up takes a message claimed ahead at once, and one take at a time tops them up; an idle
 * instance waits for a poke (a due message announced by the database, see `poke`) or the next poll.
 *
 * Without a pace, a take claims a batch of jobs and their messages in one statement, and a slot is
 * held by a send; its outcome is recorded meanwhile (grouped with the others that end meanwhile,
 * `DeliveryRecorder`). The `.` that ends a message's DATA waits while `concurrency` messages are
 * between theirs and their record (`UnrecordedLimit`): that is the bound of the duplicates an
 * instance that dies can leave, yet a slot does not wait for a record before it starts its next
 * send. When sends are quick next to a claim's round trip, a few messages are claimed ahead
 * (`ClaimAhead`), so that a slot that frees up starts its next send at once instead of waiting a
 * round trip for one; one that waits longer than a tenth of the lease for a slot is put back. With
 * a pace, each job is fetched alone and its attempt (pace, claim, send, record) holds the slot.
 *
 * `stop` takes no more jobs, puts back the messages claimed ahead, and waits for the sends in
 * flight and their records; jobs not taken stay queued for the other instances or the next start.
 */
export class OutboundWorker {
  /** Sends in flight (paced: whole attempts), one per slot. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages between the end of their DATA and their record: at most `concurrency` (without a pace). */
  private readonly unrecorded: UnrecordedLimit;
  /** Takes under way, records, put-backs and drops (they hold no slot). */
  private readonly background = new Set<Promise<void>>();
  /** Slots (and places ahead) that a take under way will fill. */
  private reserved = 0;
  /** Messages claimed ahead of a free slot, oldest first. */
  private readonly waiting: Waiting[] = [];
  private readonly ahead = new ClaimAhead();
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** The idle wait: a poke ends it, or skips the next one when it comes while none is under way. */
  private readonly idleWait = new PokeWait();
  /** Pokes so far: a take that came back short looks again if a poke came while it ran. */
  private pokes = 0;

  constructor(private readonly options: OutboundWorkerOptions) {
    this.unrecorded = new UnrecordedLimit(options.concurrency);
  }

  /** Sends (paced: attempts) in flight on this instance. */
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
    this.pokes++;
    this.idleWait.poke();
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

  /** Resolves when no take, send or record is under way (a take that was under way claims messages, put back here; a send begins its record). */
  private async drained(): Promise<void> {
    for (;;) {
      this.putBack(this.waiting.splice(0));
      if (this.inFlight.size + this.background.size === 0) return;
      await Promise.all([...this.inFlight, ...this.background]);
    }
  }

  private async run(): Promise<void> {
    const { concurrency, pollIntervalMs } = this.options;
    while (!this.stopping) {
      this.fill();
      // One take at a time: a slot that frees meanwhile finds a message claimed ahead, or the next take.
      const idle = concurrency - this.inFlight.size - this.waiting.length;
      const depth = this.options.pace ? 0 : this.ahead.depth(concurrency);
      const wanted = idle + depth;
      // A slot about to idle takes at once; otherwise the claimed ahead are topped up once half of them are sent, several in one claim.
      if (this.reserved === 0 && (idle > 0 || (wanted > 0 && wanted * 2 >= depth))) this.take(wanted);
      await this.idleWait.wait(pollIntervalMs);
    }
  }

  /** Takes up to `count` due jobs for free slots (and places ahead) and begins them; looks again at once when it got all it asked for or a poke came meanwhile. */
  private take(count: number): void {
    this.reserved = count;
    const pokes = this.pokes;
    this.track(
      (async () => {
        let taken: number;
        try {
          taken = await this.takeNow(count);
        } catch (error) {
          this.options.log.warn({ err: error }, 'outbound delivery: fetching jobs failed');
          return;
        } finally {
          this.reserved = 0;
        }
        if (taken === count || this.pokes !== pokes) this.poke();
      })(),
    );
  }

  private async takeNow(count: number): Promise<number> {
    if (this.options.pace) return this.beginFetched(await this.options.queue.fetch(count));
    const started = performance.now();
    const claimed = await this.options.repository.claimDue(count);
    this.ahead.claimed(performance.now() - started);
    return this.queueClaimed(claimed);
  }

  /** Paced: each job's whole attempt holds a slot. */
  private beginFetched(jobs: FetchedJob<DeliveryJob>[]): number {
    // Stopping while fetching: the jobs are ours now; attempt them (SIGTERM finishes what was taken).
    for (const job of jobs) this.occupy(job, attemptDelivery(job, this.options));
    return jobs.length;
  }

  /** Claimed in a batch: each message waits for a slot (if stopping: is put back); a job without a message is dropped. */
  private queueClaimed(claimed: ClaimedJob[]): number {
    const deadline = attemptDeadline(this.options.settings);
    const since = performance.now();
    for (const entry of claimed) {
      const { job, message } = entry;
      if (message) this.waiting.push({ claimed: { ...entry, message }, since, deadline });
      else this.track(this.handedBackOnFailure(job, dropJob(job.id, this.options, deadline)));
    }
    if (this.stopping) this.putBack(this.waiting.splice(0));
    else this.fill();
    return claimed.length;
  }

  /** Starts the messages waiting on the free slots. Puts back those that waited too long. */
  private fill(): void {
    if (this.stopping) return;
    const tooLong = this.options.settings.attemptLeaseSeconds * 100;
    const now = performance.now();
    const stale = this.waiting.findIndex((entry) => now - entry.since <= tooLong);
    this.putBack(this.waiting.splice(0, stale < 0 ? this.waiting.length : stale));
    while (this.inFlight.size < this.options.concurrency) {
      const next = this.waiting.shift();
      if (!next) return;
      this.begin(next);
    }
  }

  /**
   * Sends a claimed message; its slot is free again at the server's answer, and the outcome is
   * recorded meanwhile. The `.` that ends its DATA waits for a place under `unrecorded` (at most
   * `concurrency` messages between their `.` and their record), freed once its record settles.
   */
  private begin({ claimed, deadline }: Waiting): void {
    const started = performance.now();
    const place = this.unrecorded.place();
    const sent = sendClaimed(claimed.message, this.options, () => place.take());
    const recorded = sent.then((result) => recordAttempt(claimed.job, claimed.message, result, this.options, deadline)).finally(() => place.free());
    this.track(this.handedBackOnFailure(claimed.job, recorded));
    // The slot is held by the send alone (which never fails: a failure is its outcome).
    this.occupy(
      claimed.job,
      sent.then(() => this.ahead.sent(performance.now() - started)),
    );
  }

  /** Puts claimed messages back, unsent, for any instance to take (their jobs come back when their lease runs out if this fails). */
  private putBack(entries: Waiting[]): void {
    for (const { claimed } of entries) {
      this.track(
        this.options.repository.unclaim(claimed).catch((error: unknown) => {
          this.options.log.warn(
            { err: error, outbound: claimed.message.id },
            'outbound delivery: a message claimed ahead could not be put back; it comes back when its lease runs out',
          );
        }),
      );
    }
  }

  /** `holding` holds a slot until it settles (a send; paced: a whole attempt); if it fails, the job goes back to pg-boss. */
  private occupy(job: FetchedJob<DeliveryJob>, holding: Promise<void>): void {
    const slot = this.handedBackOnFailure(job, holding).finally(() => {
      this.inFlight.delete(slot);
      this.fill();
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
