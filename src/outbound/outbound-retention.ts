import type { Logger } from 'pino';
import type { OutboundMessageRepository, RetentionSweep } from './outbound-message.repository.js';

/** How often every instance sweeps: retention is counted in days and hours, an hour late is no harm. */
export const DEFAULT_RETENTION_SWEEP_MS = 60 * 60_000;

/**
 * The periodic retention sweep of outbound mail on this instance (every instance runs it; the
 * statements are idempotent, so two instances sweeping at once do the work once). The first
 * sweep runs at start; a sweep that fails is logged and tried again at the next tick.
 */
export class OutboundRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly retentionDays: number,
    private readonly log: Logger,
    private readonly intervalMs: number = DEFAULT_RETENTION_SWEEP_MS,
  ) {}

  /** One sweep now: what it cleared and deleted. */
  sweep(): Promise<RetentionSweep> {
    return this.messages.sweep(this.retentionDays);
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= this.sweep()
        .then((done) => {
          if (done.keysCleared + done.contentDeleted + done.recordsDeleted > 0) this.log.info(done, 'outbound retention sweep');
        })
        .catch((error: unknown) => this.log.warn({ err: error }, 'outbound retention sweep failed; trying again at the next one'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
