import { Prisma, type OutboundMessage, type PrismaClient } from '../generated/prisma/client.js';
import type { DeliveryError, RejectedRecipient } from './delivery-outcome.js';
import type { DeliveryJob, OutboundDeliveryQueue } from './outbound-delivery-queue.js';

/** What an attempt records on the row, with the job that carried it. */
export type AttemptRecord =
  | { status: 'SENT'; accepted: string[]; rejected: RejectedRecipient[]; reply: string | null; settingsVersion: number }
  | { status: 'RETRYING'; error: DeliveryError; nextAttemptAt: Date; settingsVersion: number | null }
  | { status: 'FAILED'; error: DeliveryError; settingsVersion: number | null };

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
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: OutboundDeliveryQueue,
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

  /** Records an attempt's outcome and completes its job; a retry's job is written in the same transaction. */
  async record(jobId: string, id: string, outcome: AttemptRecord): Promise<void> {
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      const data: Prisma.OutboundMessageUpdateManyMutationInput =
        outcome.status === 'SENT'
          ? {
              status: 'SENT',
              sentAt: now,
              acceptedRecipients: outcome.accepted,
              rejectedRecipients: outcome.rejected as unknown as Prisma.InputJsonValue,
              lastReply: outcome.reply,
              settingsVersion: outcome.settingsVersion,
              nextAttemptAt: null,
            }
          : {
              status: outcome.status,
              lastErrorCode: outcome.error.code,
              lastErrorMessage: outcome.error.message,
              lastReply: outcome.error.reply,
              nextAttemptAt: outcome.status === 'RETRYING' ? outcome.nextAttemptAt : null,
              ...(outcome.settingsVersion !== null ? { settingsVersion: outcome.settingsVersion } : {}),
            };
      const updated = await tx.outboundMessage.updateMany({ where: { id, status: 'SENDING' }, data: { ...data, updatedAt: now } });
      await this.queue.complete(tx, jobId);
      if (updated.count === 1 && outcome.status === 'RETRYING') await this.queue.requeue(tx, { id }, outcome.nextAttemptAt);
    });
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
