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
import { WebhookJobs } from './inbound-webhook.jobs.js';
import type { JobQueue } from '../platform/queue/job-queue.js';

/** The channel the `inbound_message` trigger notifies, with the stored row's id as payload. */
export const INBOUND_STORED_CHANNEL = 'inbound_message_stored';

export interface InboundMailOptions {
  readonly prisma: PrismaClient;
  /** The service's job queue (started by the app before `start`, stopped after `stop`). */
  readonly jobs: JobQueue;
  readonly settings: InboundSettings;
  readonly network: NetworkPolicy;
  readonly trust: TlsTrust;
  readonly log: Logger;
  /** Events one inboundMessageReceived subscription may have waiting (SUBSCRIPTION_MAX_PENDING_EVENTS). */
  readonly maxPendingEvents: number;
  /** Tests shorten the sweeps; defaults: an hour (retention), 30 s (webhook outbox). */
  readonly retentionSweepMs?: number | undefined;
  readonly outboxSweepMs?: number | undefined;
  /** How often an idle webhook worker looks for due jobs; default 2 s (tests shorten it). */
  readonly jobPollMs?: number | undefined;
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
      this.jobs = new WebhookJobs({
        prisma: options.prisma,
        jobs: options.jobs,
        retryLimit: webhook.retryLimit,
        retryDelaySeconds: webhook.retryDelaySeconds,
        // An attempt ends within the timeout; past twice that (and a margin) its instance is gone.
        leaseSeconds: Math.ceil((2 * webhook.timeoutMs) / 1000) + 30,
        pollIntervalMs: options.jobPollMs ?? 2_000,
        log: options.log,
      });
      this.outbox = new InboundWebhookOutbox({
        prisma: options.prisma,
        jobs: this.jobs,
        intervalMs: options.outboxSweepMs ?? DEFAULT_OUTBOX_SWEEP_MS,
        log: options.log,
      });
    }
  }

  /** Starts the sweeps, and the webhook's queue and worker when there is one (the app has started the job queue). */
  async start(): Promise<void> {
    const { settings, network, trust, log } = this.options;
    if (this.jobs && settings.webhook) {
      this.jobsStarted = true;
      await this.jobs.declare();
      this.jobs.start(inboundWebhookPush({ settings: settings.webhook, repository: this.repository, network, trust, log }));
      this.outbox?.start();
    }
    this.retention.start();
  }

  /** A row was stored (by any instance): subscribers hear of it, the outbox queues its push. */
  stored(localId: string): void {
    this.messages.stored(localId);
    this.outbox?.kick();
  }

  /** Stops the sweeps, then the webhook worker (a push under way gets up to `timeoutMs`); the app stops the job queue after. */
  async stop(timeoutMs: number): Promise<void> {
    await this.retention.stop();
    await this.outbox?.stop();
    if (this.jobsStarted) await this.jobs?.stop(timeoutMs);
  }
}
