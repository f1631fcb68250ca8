import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { OutboundSettings } from '../config/outbound-settings.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { JobQueue } from '../platform/queue/job-queue.js';
import type { TransportManager } from '../transport/transport-manager.js';
import type { AttemptResult } from './outbound-attempt.js';
import { DeliveryPace } from './delivery-pace.js';
import { DeliveryRecorder } from './delivery-recorder.js';
import { OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import { OutboundDeliveryRepository, type MessageBacklog } from './outbound-delivery.repository.js';
import { OutboundWorker } from './outbound-worker.js';

/** The channel on which the database announces a message due at once (migration 20261208010000_outbound_due_notify). */
export const OUTBOUND_DUE_CHANNEL = 'outbound_message_due';

export interface OutboundDeliveryOptions {
  prisma: PrismaClient;
  /** The pg pool under `prisma`: each attempt's statements run on it directly. */
  pool: Pick<Pool, 'query'>;
  jobs: JobQueue;
  transports: TransportManager;
  settings: OutboundSettings;
  log: Logger;
  onResult?: (result: AttemptResult) => void;
}

/**
 * Durable delivery of application mail on this instance: the `OutboundQueue` that acceptance
 * writes jobs to, and the worker that sends them. Started after the transports, stopped before them.
 */
export class OutboundDelivery {
  /** Where sendEmail and retryOutboundMessage write a message's job (inside their transaction). */
  readonly queue: OutboundDeliveryQueue;
  private readonly repository: OutboundDeliveryRepository;
  private readonly worker: OutboundWorker;

  constructor(private readonly options: OutboundDeliveryOptions) {
    const { prisma, pool, jobs, transports, settings, log } = options;
    this.queue = new OutboundDeliveryQueue(jobs);
    this.repository = new OutboundDeliveryRepository(prisma, this.queue, pool);
    this.worker = new OutboundWorker({
      queue: this.queue,
      concurrency: settings.concurrency,
      pollIntervalMs: settings.pollIntervalMs,
      repository: this.repository,
      recorder: new DeliveryRecorder(this.repository),
      transports,
      settings,
      pace: settings.maxPerMinute === undefined ? undefined : new DeliveryPace(prisma, settings.maxPerMinute),
      log: log.child({ component: 'outbound' }),
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
  }

  /** Declares the queue (the job queue must be started) and starts taking jobs. */
  async start(): Promise<void> {
    await this.queue.declare(this.options.settings.attemptLeaseSeconds);
    this.worker.start();
  }

  /** Takes no more jobs and lets the sends in flight finish (at most `timeoutMs`). */
  stop(timeoutMs: number): Promise<void> {
    return this.worker.stop(timeoutMs);
  }

  /** Whether this instance is taking jobs (for /readyz). */
  get running(): boolean {
    return this.worker.running;
  }

  /** Attempts in flight on this instance. */
  get inFlight(): number {
    return this.worker.active;
  }

  /** Messages waiting or being sent, all instances together (for the metrics). */
  backlog(): Promise<MessageBacklog> {
    return this.repository.backlog();
  }

  /** Looks for due jobs now (a message was announced on OUTBOUND_DUE_CHANNEL, or this instance accepted one). */
  poke(): void {
    this.worker.poke();
  }
}
