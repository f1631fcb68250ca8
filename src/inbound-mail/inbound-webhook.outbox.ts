import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { WebhookJobs } from './inbound-webhook.jobs.js';

/** Rows queued per transaction. */
const BATCH = 100;

/** How often the outbox looks for rows without a job by default, besides each stored-message notification. */
export const DEFAULT_OUTBOX_SWEEP_MS = 30_000;

export interface InboundWebhookOutboxOptions {
  readonly prisma: PrismaClient;
  readonly jobs: WebhookJobs;
  readonly intervalMs: number;
  readonly log: Logger;
}

/**
 * Turns stored messages into webhook jobs. The reader stores a row and nothing else (its code
 * knows nothing of webhooks), so every row starts with `webhook_queued_at` null; a sweep takes
 * such rows (`FOR UPDATE SKIP LOCKED`: sweeps on several instances share them out), queues their
 * jobs and sets the column in one transaction. A row is therefore queued exactly once, whichever
 * instance dies when: a sweep that does not commit leaves its rows for the next. Sweeps run on
 * start, on every `inbound_message_stored` notification, and every `intervalMs` for the
 * notifications a disconnected listener missed.
 *
 * It writes `webhook_queued_at` itself rather than through InboundMessageRepository: the column
 * is the job queue's bookkeeping, set in the transaction that writes the jobs.
 */
export class InboundWebhookOutbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: InboundWebhookOutboxOptions) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** A sweep soon: now, or right after the one under way (whose snapshot may predate the new row). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweep()
      .then(() => undefined)
      .catch((error: unknown) => {
        if (!this.stopped) this.options.log.warn({ err: error }, 'webhook outbox sweep failed; retried at the next one');
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no sweep is under way (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Queues every row that has no job yet, a batch per transaction. */
  async sweep(): Promise<number> {
    let queued = 0;
    for (;;) {
      const batch = await this.queueBatch();
      queued += batch;
      if (batch < BATCH || this.stopped) return queued;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  private async queueBatch(): Promise<number> {
    const { prisma, jobs, log } = this.options;
    const ids = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM inbound_message WHERE webhook_queued_at IS NULL ORDER BY received_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      const found = rows.map((row) => row.id);
      for (const id of found) await jobs.enqueue(tx, id);
      if (found.length > 0) await tx.$executeRaw`UPDATE inbound_message SET webhook_queued_at = now() WHERE id = ANY(${found}::uuid[])`;
      return found;
    });
    if (ids.length > 0) {
      log.debug({ queued: ids.length }, 'webhook jobs queued');
      jobs.poke();
    }
    return ids.length;
  }
}
