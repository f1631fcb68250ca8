/** What a process started, stopped in reverse order exactly once: on a signal, on a failed start, or when its npm parent exits. */

export type StopSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP';

/** The signals that stop the service: an orchestrator's SIGTERM, Ctrl-C, and a closed terminal. */
export const STOP_SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

export interface LifecycleLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

interface Resource {
  readonly name: string;
  readonly stop: () => Promise<void>;
}

export interface LifecycleOptions {
  /** Longest a stop may take before the process exits with 1 anyway (default 30 s). */
  stopTimeoutMs?: number;
  exit?: (code: number) => void;
}

/**
 * Tracks what start-up started (the embedded cluster, the app, its listener) and stops it in reverse
 * order exactly once. A signal during start-up aborts `signal` (waits in progress give up, a
 * PostgreSQL being started is stopped by its starter) and, once start-up has unwound, stops what
 * was started so far and exits 0.
 */
export class Lifecycle {
  private readonly controller = new AbortController();
  private readonly resources: Resource[] = [];
  private startup: Promise<unknown> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private log: LifecycleLog | undefined;
  private stopTimeoutMs: number;
  private readonly exit: (code: number) => void;

  constructor(options: LifecycleOptions = {}) {
    this.stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Aborted when stopping begins: start-up steps pass it on to their waits. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.stopped !== undefined;
  }

  /** Once the configuration is read: where to log, and how long a stop may take. */
  configure(log: LifecycleLog, stopTimeoutMs: number): void {
    this.log = log;
    this.stopTimeoutMs = stopTimeoutMs;
  }

  /** Installs the stop signals' handlers: call it before anything starts. */
  installSignalHandlers(signals: readonly StopSignal[] = STOP_SIGNALS): void {
    for (const name of signals) process.on(name, () => void this.stop(name));
  }

  /**
   * Stops when the parent process exits (the process is re-parented): for a process started by npm,
   * whose `sh -c` dies on npm's forwarded SIGTERM without passing it on.
   */
  stopWithParent(everyMs = 500): void {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) void this.stop(`parent process ${parent} exited`);
    }, everyMs);
    timer.unref();
  }

  /** Records a started resource; stopped before the ones added earlier. */
  add(name: string, stop: () => Promise<void>): void {
    this.resources.push({ name, stop });
  }

  /** Throws when stopping has begun, so start-up goes no further. */
  throwIfStopping(): void {
    this.signal.throwIfAborted();
  }

  /**
   * Runs start-up. A failure (not caused by stopping) stops what was started, then `report`s the
   * error and exits 1; a stop during start-up waits for start-up to unwind first.
   */
  async run(start: () => Promise<void>, report: (error: unknown) => void): Promise<void> {
    this.startup = start();
    try {
      await this.startup;
    } catch (error) {
      if (this.stopping) return;
      this.stopped = this.stopAll().catch(() => undefined);
      this.controller.abort();
      await this.stopped;
      report(error);
      this.exit(1);
    }
  }

  /** Stops once: later calls (a second Ctrl-C) wait for the first. */
  stop(reason: string): Promise<void> {
    if (this.stopped) {
      this.log?.info({ reason }, 'already stopping');
      return this.stopped;
    }
    this.log?.info({ reason }, 'stopping');
    const timer = setTimeout(() => {
      this.log?.error({ timeoutMs: this.stopTimeoutMs }, 'stopping took too long; exiting');
      this.exit(1);
    }, this.stopTimeoutMs);
    timer.unref();
    this.controller.abort();
    this.stopped = this.startup
      .catch(() => undefined)
      .then(() => this.stopAll())
      .then(
        () => {
          this.log?.info({}, 'stopped');
          this.exit(0);
        },
        () => this.exit(1),
      );
    return this.stopped;
  }

  private async stopAll(): Promise<void> {
    let failed: Error | undefined;
    for (const resource of this.resources.splice(0).reverse()) {
      try {
        await resource.stop();
      } catch (error) {
        this.log?.error({ err: error, resource: resource.name }, 'error while stopping');
        failed ??= error instanceof Error ? error : new Error(String(error));
      }
    }
    if (failed !== undefined) throw failed;
  }
}
