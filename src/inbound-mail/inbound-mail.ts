import type { Logger } from 'pino';
import type { InboundSettings } from '../config/inbound-settings.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { EventFeed } from '../platform/graphql/event-stream.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { TlsTrust } from '../transport/tls-trust.js';
import { InboundMessageRepository } from './inbound-message.repository.js';
import { InboundMessageService } from './inbound-message.service.js';
import type { InboundMessage } from './inbound-message.type.js';
import { DEFAULT_RETENTION_SWEEP_MS, InboundRetention } from './inbound-retention.js';
import { DEFAULT_OUTBOX_SWEEP_MS, InboundWebhookOutbox } from './inbound-webhook.outbox.js';
import { inboundWebhookPush } from './inbound-webhook.push.js';
import { pgBossWebhookJobs, type WebhookJobs } from './inbound-webhook.queue.js';

/** The channel the `inbound_message` trigger notifies, with the stored row's id as payload. */
export const INBOUND_STORED_CHANNEL = 'inbound_message_stored';

export interface InboundMailOptions {
  readonly prisma: PrismaClient;
  readonly databaseUrl: string;
  readonly instanceId: string;
  readonly settings: InboundSettings;
  readonly network: NetworkPolicy;
  readonly trust: TlsTrust;
  readonly log: Logger;
  /** Events one inboundMessageReceived subscription may have waiting (SUBSCRIPTION_MAX_PENDING_EVENTS). */
  readonly maxPendingEvents: number;
  /** Tests shorten the sweeps; defaults: an hour (retention), 30 s (webhook outbox). */
  readonly retentionSweepMs?: number | undefined;
  readonly outboxSweepMs?: number | undefined;
  /** Tests shorten pg-boss's polling; default 2 s. */
  readonly jobPollingSeconds?: number | undefined;
}

/**
 * Stored inbound messages on the application's side (issue 17): the GraphQL service and its
 * subscription feed, the retention sweep, and (with INBOUND_WEBHOOK_URL) the webhook push through
 * the job queue. The reader that stores the rows is not part of it: `stored` is called for each
 * row any instance stored, from the database's notification.
 */
export class InboundMail {
  readonly messages: InboundMessageService;
  readonly retention: InboundRetention;
  /** Unset without a webhook. */
  readonly outbox: InboundWebhookOutbox | undefined;
  private readonly jobs: WebhookJobs | undefined;
  private readonly repository: InboundMessageRepository;
  private jobsStarted = false;

  constructor(private readonly options: InboundMailOptions) {
    const repository = new InboundMessageRepository(options.prisma);
    this.repository = repository;
    this.messages = new InboundMessageService(repository, new EventFeed<InboundMessage>(options.maxPendingEvents), options.log);
    this.retention = new InboundRetention({
      repository,
      retentionDays: options.settings.retentionDays,
      intervalMs: options.retentionSweepMs ?? DEFAULT_RETENTION_SWEEP_MS,
      log: options.log,
    });
    const webhook = options.settings.webhook;
    if (webhook) {
      this.jobs = pgBossWebhookJobs({
        databaseUrl: options.databaseUrl,
        applicationName: `mail-session-jobs-${options.instanceId}`,
        retryLimit: webhook.retryLimit,
        retryDelaySeconds: webhook.retryDelaySeconds,
        // An attempt ends within the timeout; past twice that (and a margin) its instance is gone.
        expireInSeconds: Math.ceil((2 * webhook.timeoutMs) / 1000) + 30,
        pollingIntervalSeconds: options.jobPollingSeconds,
        log: options.log,
      });
      this.outbox = new InboundWebhookOutbox({
        databaseUrl: options.databaseUrl,
        applicationName: `mail-session-outbox-${options.instanceId}`,
        jobs: this.jobs,
        intervalMs: options.outboxSweepMs ?? DEFAULT_OUTBOX_SWEEP_MS,
        log: options.log,
      });
    }
  }

  /** Starts the sweeps, and the job queue and its worker when there is a webhook. */
  async start(): Promise<void> {
    const { settings, network, trust, log } = this.options;
    if (this.jobs && settings.webhook) {
      this.jobsStarted = true;
      await this.jobs.start();
      await this.jobs.work(inboundWebhookPush({ settings: settings.webhook, repository: this.repository, network, trust, log }));
      this.outbox?.start();
    }
    this.retention.start();
  }

  /** A row was stored (by any instance): subscribers hear of it, the outbox queues its push. */
  stored(localId: string): void {
    this.messages.stored(localId);
    this.outbox?.kick();
  }

  /** Stops the sweeps, then the job worker (pushes under way get up to `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    await this.retention.stop();
    await this.outbox?.stop();
    if (this.jobsStarted) await this.jobs?.stop(timeoutMs);
  }
}
