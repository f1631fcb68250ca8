import type { Pool } from 'pg';
import type { OutboundMessage, PrismaClient } from '../generated/prisma/client.js';
import type { DeliveryError, RejectedRecipient } from './delivery-outcome.js';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import type { DeliverableMessage } from './outbound-mail.js';
import { deliveryStatements, type DeliveryStatements } from './outbound-delivery.statements.js';

/** What an attempt records on the row, with the job that carried it. */
export type AttemptRecord =
  | { status: 'SENT'; accepted: string[]; rejected: RejectedRecipient[]; reply: string | null; settingsVersion: number }
  | { status: 'RETRYING'; error: DeliveryError; nextAttemptAt: Date; settingsVersion: number | null }
  | { status: 'FAILED'; error: DeliveryError; settingsVersion: number | null };

/** A message claimed by `claimDue`, with what its attempt needs. */
export type ClaimedMessage = DeliverableMessage & { attempts: number };

/** How a job and its message were before `claimDue` took them: what `unclaim` puts back. */
export interface ClaimUndo {
  /** When the claim took the job (its lease's start): a job taken since by another holder is not put back. */
  jobTakenOn: string;
  jobState: string;
  jobStartedOn: string | null;
  jobRetryCount: number;
  /** Null: no message was claimed. */
  message: { status: string; nextAttemptAt: string | null; deliveryJobId: string | null } | null;
}

/** A job taken by `claimDue`, with its message claimed for this attempt; no message: not to be sent (drop the job). */
export interface ClaimedJob {
  job: FetchedJob<DeliveryJob>;
  message: ClaimedMessage | undefined;
  undo: ClaimUndo;
}

interface ClaimedRow {
  job_id: string;
  job_data: DeliveryJob;
  retry_count: number;
  started_on: string;
  was_state: string;
  was_started_on: string | null;
  was_retry_count: number;
  message: ClaimedMessage | null;
  was: ClaimUndo['message'];
}

/** An outcome that ends a message's delivery: SENT or FAILED. */
export type FinalRecord = Exclude<AttemptRecord, { status: 'RETRYING' }>;

export interface MessageBacklog {
  queued: number;
  retrying: number;
  sending: number;
  /** Age of the oldest message waiting (QUEUED or RETRYING), in seconds; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/**
 * The delivery side's reads and writes of `outbound_message` (the acceptance side writes new rows):
 * every change of an attempt commits together with the job change it stands for, so the row and
 * the queue never disagree after a crash.
 */
export class OutboundDeliveryRepository {
  private readonly statements: DeliveryStatements;

  /**
   * `pool` is the pg pool under `prisma` (app.ts builds the adapter on it): the statements of every
   * attempt (`claimDue`, `recordFinals`, `unclaim`) run on it directly; Prisma's raw query path
   * cost about as much CPU as the statement's own client work (bench). They are prepared by name
   * on its connections (`deliveryStatements`).
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: OutboundDeliveryQueue,
    private readonly pool: Pick<Pool, 'query'>,
  ) {
    this.statements = deliveryStatements(queue);
  }

  /**
   * Compare-and-set to SENDING, counting the attempt: only from QUEUED or RETRYING (a CANCELLED,
   * SENT or FAILED row is not sent), from SENDING when `takeOver` (the attempt that set it
   * vanished), or from SENDING set by this very job (this claim, retried after its reply was lost).
   */
  async claim(jobId: string, id: string, takeOver: boolean): Promise<OutboundMessage | undefined> {
    const statuses: OutboundMessage['status'][] = takeOver ? ['QUEUED', 'RETRYING', 'SENDING'] : ['QUEUED', 'RETRYING'];
    const [row] = await this.prisma.outboundMessage.updateManyAndReturn({
      where: { id, status: { in: statuses } },
      data: { status: 'SENDING', attempts: { increment: 1 }, nextAttemptAt: null, deliveryJobId: jobId, updatedAt: new Date() },
    });
    return row ?? (await this.prisma.outboundMessage.findFirst({ where: { id, status: 'SENDING', deliveryJobId: jobId } })) ?? undefined;
  }

  /**
   * Takes up to `count` due jobs and claims their messages, in ONE statement (one round trip for
   * the whole batch, where `fetch` + `claim` take two per message): the same compare-and-set to
   * SENDING as `claim`, where a job handed out before (its holder vanished) or put back with
   * `takeOver` may take a message found SENDING. If two jobs of one message come together, one
   * claims it and the other comes back without a message.
   */
  async claimDue(count: number): Promise<ClaimedJob[]> {
    const { rows } = await this.pool.query<ClaimedRow>(this.statements.claimDue.with([count]));
    return rows.map((row) => ({
      job: { id: row.job_id, data: row.job_data, retryCount: row.retry_count },
      message: row.message ?? undefined,
      undo: { jobTakenOn: row.started_on, jobState: row.was_state, jobStartedOn: row.was_started_on, jobRetryCount: row.was_retry_count, message: row.was },
    }));
  }

  /**
   * Puts back, in one statement, a job and its message that `claimDue` took but that were not
   * attempted (the instance is stopping, or they waited too long for a slot): the job as it was
   * (due again at once, for any instance) and the message as it was, its attempt not counted.
   * Nothing changes if the job is not held by that claim any more (its lease ran out).
   */
  async unclaim(claimed: ClaimedJob): Promise<void> {
    const { job, message, undo } = claimed;
    await this.pool.query(
      this.statements.unclaim.with([
        job.id,
        undo.jobTakenOn,
        undo.jobState,
        undo.jobStartedOn,
        undo.jobRetryCount,
        message?.id ?? null,
        undo.message?.status ?? 'QUEUED',
        undo.message?.nextAttemptAt ?? null,
        undo.message?.deliveryJobId ?? null,
      ]),
    );
  }

  /**
   * Records an attempt's outcome and completes its job. SENT and FAILED: one statement (see
   * `recordFinals`). RETRYING: one transaction, which also writes the job of the next attempt.
   */
  async record(jobId: string, id: string, outcome: AttemptRecord): Promise<void> {
    if (outcome.status !== 'RETRYING') return this.recordFinals([{ jobId, id, outcome }]);
    await this.prisma.$transaction(async (tx) => {
      const updated = await tx.outboundMessage.updateMany({
        where: { id, status: 'SENDING' },
        data: {
          status: 'RETRYING',
          lastErrorCode: outcome.error.code,
          lastErrorMessage: outcome.error.message,
          lastReply: outcome.error.reply,
          nextAttemptAt: outcome.nextAttemptAt,
          ...(outcome.settingsVersion !== null ? { settingsVersion: outcome.settingsVersion } : {}),
          updatedAt: new Date(),
        },
      });
      await this.queue.complete(tx, jobId);
      if (updated.count === 1) await this.queue.requeue(tx, { id }, outcome.nextAttemptAt);
    });
  }

  /**
   * SENT or FAILED outcomes of any number of attempts: the rows and their jobs' completions in
   * ONE statement (the hot path: one round trip for all the attempts that ended meanwhile). A
   * SENT row keeps the error (and its reply) of an earlier attempt, as the transaction did; a
   * FAILED one records the recipients refused at RCPT.
   */
  async recordFinals(entries: readonly { jobId: string; id: string; outcome: FinalRecord }[]): Promise<void> {
    if (entries.length === 0) return;
    const input = entries.map(({ jobId, id, outcome }) => {
      const sent = outcome.status === 'SENT';
      return {
        id,
        status: outcome.status,
        accepted: sent ? outcome.accepted : null,
        rejected: sent ? outcome.rejected : (outcome.error.rejected ?? null),
        reply: sent ? outcome.reply : outcome.error.reply,
        code: sent ? null : outcome.error.code,
        message: sent ? null : outcome.error.message,
        version: outcome.settingsVersion,
        job: jobId,
      };
    });
    await this.pool.query(this.statements.recordFinals.with([JSON.stringify(input), entries.map((entry) => entry.jobId)]));
  }

  /** The pace holds the message back: its job comes again at `retryAt`, the row says when. */
  async postpone(jobId: string, job: DeliveryJob, retryAt: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.outboundMessage.updateMany({
        where: { id: job.id, status: { in: ['QUEUED', 'RETRYING'] } },
        data: { nextAttemptAt: retryAt, updatedAt: new Date() },
      });
      // Not active any more: this postponement committed already (its reply was lost), or the job was taken back.
      if (await this.queue.complete(tx, jobId)) await this.queue.requeue(tx, job, retryAt);
    });
  }

  /** A job whose message is not to be sent (cancelled, already done, gone): done. */
  async drop(jobId: string): Promise<void> {
    await this.prisma.$transaction((tx) => this.queue.complete(tx, jobId));
  }

  async backlog(): Promise<MessageBacklog> {
    const rows = await this.prisma.$queryRaw<{ status: string; count: number; oldest: Date | null }[]>`
      SELECT status::text AS status, count(*)::int AS count, min(accepted_at) AS oldest
      FROM outbound_message WHERE status IN ('QUEUED', 'RETRYING', 'SENDING') GROUP BY status`;
    const of = (status: string) => rows.find((row) => row.status === status);
    const waiting = [of('QUEUED')?.oldest, of('RETRYING')?.oldest].filter((date): date is Date => date instanceof Date);
    const oldest = waiting.length > 0 ? Math.min(...waiting.map((date) => date.getTime())) : undefined;
    return {
      queued: of('QUEUED')?.count ?? 0,
      retrying: of('RETRYING')?.count ?? 0,
      sending: of('SENDING')?.count ?? 0,
      oldestWaitingSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
    };
  }
}
