/**
 * The job queue the webhook pushes go through: pg-boss 10 in the service's database, the queue
 * outbound mail uses too (issue 16). Kept behind this small interface so that the shared wrapper
 * in src/platform/queue can replace the direct use of pg-boss here without touching the rest.
 */
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

/** The queue of webhook pushes, one job per stored message. */
export const INBOUND_WEBHOOK_QUEUE = 'inbound-webhook';

/** Runs one SQL statement on the caller's connection: jobs queued in the caller's transaction. */
export interface QueueConnection {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface WebhookJobs {
  start(): Promise<void>;
  /** Queues a push of each message on `connection`, committed (or rolled back) with the caller's transaction. */
  enqueue(connection: QueueConnection, messageIds: readonly string[]): Promise<void>;
  /** Runs `push` for each job; a rejection is retried with backoff, up to the retry limit. */
  work(push: (messageId: string, attempt: number) => Promise<void>): Promise<void>;
  /** Stops fetching jobs, waits up to `timeoutMs` for pushes under way, closes the connections. */
  stop(timeoutMs: number): Promise<void>;
}

export interface PgBossWebhookJobsOptions {
  readonly databaseUrl: string;
  readonly applicationName: string;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** A push still active after this long (its instance died) is failed by pg-boss's supervisor and retried. */
  readonly expireInSeconds: number;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5 s). */
  readonly pollingIntervalSeconds?: number;
  readonly log: Logger;
}

interface PushJob {
  messageId: string;
}

function isPushJob(data: unknown): data is PushJob {
  return typeof data === 'object' && data !== null && typeof (data as { messageId?: unknown }).messageId === 'string';
}

/** WebhookJobs on pg-boss, in its own `pgboss` schema of the service's database. */
export function pgBossWebhookJobs(options: PgBossWebhookJobsOptions): WebhookJobs {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    application_name: options.applicationName,
    max: 3,
    // Webhook jobs are not scheduled by cron; no clock or cron monitor.
    schedule: false,
  });
  boss.on('error', (error) => options.log.warn({ err: error }, 'webhook job queue error'));
  return {
    async start() {
      await boss.start();
      await boss.createQueue(INBOUND_WEBHOOK_QUEUE, {
        name: INBOUND_WEBHOOK_QUEUE,
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds,
      });
    },
    async enqueue(connection, messageIds) {
      if (messageIds.length === 0) return;
      await boss.insert(
        messageIds.map((messageId) => ({
          name: INBOUND_WEBHOOK_QUEUE,
          data: { messageId },
          retryLimit: options.retryLimit,
          retryDelay: options.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: options.expireInSeconds,
        })),
        { db: connection },
      );
    },
    async work(push) {
      await boss.work<PushJob>(
        INBOUND_WEBHOOK_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          for (const job of jobs) {
            if (!isPushJob(job.data)) continue;
            await push(job.data.messageId, job.retryCount + 1);
          }
        },
      );
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, wait: true, close: true, timeout: Math.max(timeoutMs, 1) });
    },
  };
}
