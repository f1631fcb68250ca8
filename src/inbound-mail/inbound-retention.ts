import type { Logger } from 'pino';
import type { InboundMessageRepository } from './inbound-message.repository.js';

const DAY_MS = 86_400_000;

/** How often the retention sweep runs by default: raw sources live whole days, an hour late is nothing. */
export const DEFAULT_RETENTION_SWEEP_MS = 3_600_000;

export interface InboundRetentionOptions {
  readonly repository: InboundMessageRepository;
  /** `INBOUND_RETENTION_DAYS`. */
  readonly retentionDays: number;
  readonly intervalMs: number;
  readonly log: Logger;
}

/**
 * Deletes the raw source of messages stored more than `retentionDays` ago (`raw` null,
 * `raw_deleted_at` set), at start and every `intervalMs`. Idempotent: a sweep on every instance
 * at once changes each row once; what is left of a message (parsed parts, headers) stays.
 */
export class InboundRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly options: InboundRetentionOptions) {}

  start(): void {
    this.stopped = false;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One sweep (joining one under way); how many raw sources it deleted. Failures are logged and retried next time. */
  sweep(now: Date = new Date()): Promise<number> {
    this.running ??= this.options.repository
      .deleteRawBefore(new Date(now.getTime() - this.options.retentionDays * DAY_MS), now)
      .then((deleted) => {
        if (deleted > 0) this.options.log.info({ deleted, retentionDays: this.options.retentionDays }, 'inbound retention: raw sources deleted');
        return deleted;
      })
      .catch((error: unknown) => {
        if (!this.stopped) this.options.log.warn({ err: error }, 'inbound retention sweep failed; retried at the next one');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** No new sweep starts; resolves once the one under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
