import { Pool, type PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { QueueConnection, WebhookJobs } from './inbound-webhook.queue.js';

/** Rows queued per transaction. */
const BATCH = 100;

/** How often the outbox looks for rows without a job by default, besides each stored-message notification. */
export const DEFAULT_OUTBOX_SWEEP_MS = 30_000;

export interface InboundWebhookOutboxOptions {
  readonly databaseUrl: string;
  readonly applicationName: string;
  readonly jobs: WebhookJobs;
  readonly intervalMs: number;
  readonly log: Logger;
}

function connectionOf(client: PoolClient): QueueConnection {
  return { executeSql: async (text, values) => ({ rows: (await client.query(text, values)).rows as unknown[] }) };
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
 * It writes `webhook_queued_at` itself, on a pg connection of its own rather than through
 * InboundMessageRepository: pg-boss must insert the jobs on the same connection, inside the same
 * transaction, which a Prisma transaction cannot lend it.
 */
export class InboundWebhookOutbox {
  private readonly pool: Pool;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: InboundWebhookOutboxOptions) {
    this.pool = new Pool({ connectionString: options.databaseUrl, application_name: options.applicationName, max: 1 });
    // An idle connection the server closed must not crash the process; the next sweep reconnects.
    this.pool.on('error', (error) => options.log.warn({ err: error }, 'webhook outbox connection lost'));
  }

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
    await this.pool.end();
  }

  private async queueBatch(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        'SELECT id::text AS id FROM inbound_message WHERE webhook_queued_at IS NULL ORDER BY received_at, id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [BATCH],
      );
      const ids = rows.map((row) => row.id);
      if (ids.length > 0) {
        await this.options.jobs.enqueue(connectionOf(client), ids);
        await client.query('UPDATE inbound_message SET webhook_queued_at = now() WHERE id = ANY($1::uuid[])', [ids]);
      }
      await client.query('COMMIT');
      if (ids.length > 0) this.options.log.debug({ queued: ids.length }, 'webhook jobs queued');
      return ids.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
