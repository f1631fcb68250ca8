import type { Logger } from 'pino';
import type { BuiltTransports, TransportManager } from '../transport/transport-manager.js';
import type { MailSessionRepository } from './mail-session.repository.js';
import type { StoredMailSession } from './mail-session.row.js';

export interface MailSessionSyncOptions {
  repository: MailSessionRepository;
  transports: TransportManager;
  build: (row: StoredMailSession) => BuiltTransports;
  log: Logger;
  reconcileIntervalMs: number;
}

/**
 * Keeps this instance's copy of the settings, and its transports, at the newest committed
 * version. Fed by the writer on this instance (the committed row itself), by the change listener
 * (a version number), and by a slow periodic check. Reloads are serialized and coalesced.
 */
export class MailSessionSync {
  private row: StoredMailSession | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  /** Highest version announced by a notification; when newer than ours, skip the version check. */
  private announced = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly appliedListeners: ((row: StoredMailSession) => void)[] = [];

  constructor(private readonly options: MailSessionSyncOptions) {}

  /** The settings as last applied. Throws before `start`. */
  get current(): StoredMailSession {
    if (!this.row) throw new Error('mail session not loaded yet');
    return this.row;
  }

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.requestReload('periodic check'), this.options.reconcileIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Calls `listener` each time this instance has applied a newer version (its transports
   * included), synchronously, once per applied version, in version order.
   */
  onApplied(listener: (row: StoredMailSession) => void): void {
    this.appliedListeners.push(listener);
  }

  /** A row this instance just committed: apply it now, no round trip. */
  applyCommitted(row: StoredMailSession): void {
    if (this.row && row.version <= this.row.version) return;
    this.row = row;
    this.options.transports.apply(this.options.build(row));
    for (const listener of this.appliedListeners) {
      try {
        listener(row);
      } catch (error) {
        // A listener's failure must not undo or stop the apply that the writer and others rely on.
        this.options.log.error({ err: error, version: row.version }, 'a listener of applied mail settings failed');
      }
    }
  }

  /** Another instance committed `version`. */
  onChange(version: number): void {
    if (this.row && version <= this.row.version) return;
    this.announced = Math.max(this.announced, version);
    void this.requestReload(`notified of version ${version}`);
  }

  /** Reloads from the database when its version is newer; resolves once this instance caught up. */
  requestReload(reason: string): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        try {
          await this.reload();
        } catch (error) {
          this.options.log.warn({ err: error, reason }, 'could not reload mail settings; will retry on the next change or check');
        }
      } while (this.reloadAgain);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async reload(): Promise<void> {
    const { repository } = this.options;
    const knownNewer = this.row !== undefined && this.announced > this.row.version;
    if (this.row && !knownNewer && (await repository.currentVersion()) <= this.row.version) return;
    this.applyCommitted(await repository.get());
  }
}
