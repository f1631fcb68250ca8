import { writeSync } from 'node:fs';
import { symbols } from 'pino';

/** A line waits at most this long in the buffer; every line reaches the output within it. */
export const FLUSH_INTERVAL_MS = 100;
/** Lines written at once in each interval before further ones are gathered; start-up and shutdown stay well under it. */
export const IMMEDIATE_LINES_PER_INTERVAL = 32;
/** A buffer this full is written at once, as the batches of 4 KiB that made logging cheap under load. */
export const BATCH_BYTES = 4096;
const WARN = 40;
/** On exit, how long an output that will not take more bytes (EAGAIN) is waited for. */
const EXIT_WAIT_MS = 2_000;

export interface LogOutputOptions {
  /** File descriptor to write to; 1 (stdout) by default. */
  readonly fd?: number;
  /** Turns a JSON line into the line written (the human-readable format); JSON as is when absent. */
  readonly format?: (line: string) => string;
}

/**
 * Where the service's log lines go: lines reach the file descriptor synchronously while the
 * service logs little (start-up, shutdown, an idle or lightly loaded service), so a line is out
 * before the next statement runs and survives a SIGKILL. Under load, beyond
 * {@link IMMEDIATE_LINES_PER_INTERVAL} lines per {@link FLUSH_INTERVAL_MS}, lines are gathered and
 * written in batches of {@link BATCH_BYTES} or at the latest after {@link FLUSH_INTERVAL_MS} (an
 * unref'd timer), which keeps the throughput that batching gave. Warnings and errors are written at
 * once, as is everything left at exit. An output that is full (a pipe nobody reads) never blocks
 * the event loop: the rest waits for the next timer.
 */
export class LogOutput {
  /** Makes pino set {@link lastLevel} before each write. */
  readonly [symbols.needsMetadataGsym] = true;
  /** The level of the line being written (set by pino). */
  lastLevel = 0;
  private readonly fd: number;
  private readonly format: ((line: string) => string) | undefined;
  private pending: string[] = [];
  /** UTF-16 units, near enough to bytes for deciding when a batch is full. */
  private pendingBytes = 0;
  private unwritten: Buffer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private intervalStart = 0;
  private immediateInInterval = 0;
  private readonly onExit = () => this.flushSync(EXIT_WAIT_MS);

  constructor(options: LogOutputOptions = {}) {
    this.fd = options.fd ?? 1;
    this.format = options.format;
    process.on('exit', this.onExit);
  }

  write(line: string): boolean {
    const text = this.format ? this.format(line) : line;
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.lastLevel >= WARN || this.pendingBytes >= BATCH_BYTES || this.immediateAllowed()) this.flush();
    else this.schedule();
    return true;
  }

  /** Writes what can be written now; `done` (pino's `logger.flush`) is called afterwards. */
  flush(done?: () => void): void {
    this.writeOut();
    done?.();
  }

  /** Writes everything, waiting up to `waitMs` for an output that is full. */
  flushSync(waitMs = EXIT_WAIT_MS): void {
    const deadline = Date.now() + waitMs;
    this.writeOut();
    while (this.unwritten !== undefined && Date.now() < deadline) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      this.writeOut();
    }
  }

  /** Stops writing at exit (for tests that create many outputs); pending lines are written first. */
  end(): void {
    this.flushSync();
    process.removeListener('exit', this.onExit);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private immediateAllowed(): boolean {
    const now = Date.now();
    if (now - this.intervalStart >= FLUSH_INTERVAL_MS) {
      this.intervalStart = now;
      this.immediateInInterval = 0;
    }
    this.immediateInInterval += 1;
    return this.immediateInInterval <= IMMEDIATE_LINES_PER_INTERVAL;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeOut();
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private writeOut(): void {
    if (this.pending.length > 0) {
      const joined = Buffer.from(this.pending.join(''), 'utf8');
      this.unwritten = this.unwritten ? Buffer.concat([this.unwritten, joined]) : joined;
      this.pending = [];
      this.pendingBytes = 0;
    }
    let rest = this.unwritten;
    while (rest !== undefined && rest.length > 0) {
      let written: number;
      try {
        written = writeSync(this.fd, rest);
      } catch (error) {
        // A full pipe: the rest waits. Any other failure (EPIPE: nobody reads stdout any more)
        // cannot be reported anywhere, and must not turn a log call into a crash: the lines go.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') rest = undefined;
        break;
      }
      rest = rest.subarray(written);
    }
    this.unwritten = rest !== undefined && rest.length > 0 ? rest : undefined;
    if (this.unwritten !== undefined) this.schedule();
  }
}
