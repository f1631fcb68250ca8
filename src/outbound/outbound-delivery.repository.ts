import type { Pool } from 'pg';
import type { OutboundMessage, PrismaClient } from '../generated/prisma/client.js';
import type { DeliveryError, RejectedRecipient } from './delivery-outcome.js';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import type { DeliverableMessage } from './outbound-mail.js';

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
  /**
   * `pool` is the pg pool under `prisma` (app.ts builds the adapter on it): the statements of every
   * attempt (`claimDue`, `recordFinals`, `unclaim`) run on it directly; Prisma's raw query path
   * cost about as much CPU as the statement's own client work (bench).
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: OutboundDeliveryQueue,
    private readonly pool: Pick<Pool, 'query'>,
  ) {}

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
    // `was` is the row as the statement's snapshot saw it, before this update: what `unclaim` restores.
    const { rows } = await this.pool.query<ClaimedRow>(
      `WITH ${this.queue.fetchStatement(1, 'jobs')},
      claimed AS (
        UPDATE outbound_message m SET
          status = 'SENDING',
          attempts = m.attempts + 1,
          next_attempt_at = NULL,
          delivery_job_id = jobs.id,
          updated_at = now()
        FROM jobs, outbound_message was
        WHERE m.id = (jobs.data->>'id')::uuid AND was.id = m.id
          AND (m.status IN ('QUEUED', 'RETRYING')
            OR (m.status = 'SENDING' AND (jobs.retry_count > 0 OR jobs.data->>'takeOver' = 'true')))
        RETURNING m.delivery_job_id AS job_id, json_build_object(
          'id', m.id, 'messageId', m.message_id, 'fromName', m.from_name, 'fromAddress', m.from_address,
          'toAddresses', m.to_addresses, 'ccAddresses', m.cc_addresses, 'bccAddresses', m.bcc_addresses,
          'replyTo', m.reply_to, 'subject', m.subject, 'textBody', m.text_body, 'htmlBody', m.html_body,
          'headers', m.headers, 'attachments', m.attachments, 'attempts', m.attempts) AS message,
          json_build_object('status', was.status, 'nextAttemptAt', was.next_attempt_at, 'deliveryJobId', was.delivery_job_id) AS was
      )
      SELECT jobs.id::text AS job_id, jobs.data AS job_data, jobs.retry_count, jobs.started_on, jobs.was_state, jobs.was_started_on, jobs.was_retry_count,
        claimed.message, claimed.was
      FROM jobs LEFT JOIN claimed ON claimed.job_id = jobs.id`,
      [count],
    );
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
      `WITH job AS (${this.queue.unfetchStatement(1)}),
      message AS (
        UPDATE outbound_message SET
          status = $7::"OutboundStatus",
          attempts = attempts - 1,
          next_attempt_at = $8::timestamptz,
          delivery_job_id = $9::uuid,
          updated_at = now()
        WHERE id = $6::uuid AND status = 'SENDING' AND delivery_job_id = $1::uuid AND EXISTS (SELECT 1 FROM job)
        RETURNING id
      )
      SELECT (SELECT count(*) FROM job)::int AS jobs, (SELECT count(*) FROM message)::int AS messages`,
      [
        job.id,
        undo.jobTakenOn,
        undo.jobState,
        undo.jobStartedOn,
        undo.jobRetryCount,
        message?.id ?? null,
        undo.message?.status ?? 'QUEUED',
        undo.message?.nextAttemptAt ?? null,
        undo.message?.deliveryJobId ?? null,
      ],
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
    await this.pool.query(
      `WITH input AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb)
          AS x(id uuid, status text, accepted text[], rejected jsonb, reply text, code text, message text, version int, job uuid)
      ), message AS (
        UPDATE outbound_message m SET
          status = x.status::"OutboundStatus",
          sent_at = CASE WHEN x.status = 'SENT' THEN now() ELSE m.sent_at END,
          accepted_recipients = COALESCE(x.accepted, m.accepted_recipients),
          rejected_recipients = COALESCE(x.rejected, m.rejected_recipients),
          last_reply = CASE WHEN x.status = 'SENT' THEN m.last_reply ELSE x.reply END,
          last_error_code = CASE WHEN x.status = 'SENT' THEN m.last_error_code ELSE x.code END,
          last_error_message = CASE WHEN x.status = 'SENT' THEN m.last_error_message ELSE x.message END,
          settings_version = COALESCE(x.version, m.settings_version),
          next_attempt_at = NULL,
          updated_at = now()
        FROM input x
        WHERE m.id = x.id AND m.status = 'SENDING'
        RETURNING m.id
      ), job AS (${this.queue.completionsStatement(2)})
      SELECT (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM job)::int AS jobs`,
      [JSON.stringify(input), entries.map((entry) => entry.jobId)],
    );
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
