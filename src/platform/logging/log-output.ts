import { writeSync } from 'node:fs';
import { symbols } from 'pino';

/** A line waits at most this long in the buffer; every line reaches the output within it. */
export const FLUSH_INTERVAL_MS = 100;
/** Lines written at once in each interval before further ones are gathered; start-up and shutdown stay well under it. */
export const IMMEDIATE_LINES_PER_INTERVAL = 32;
/** A buffer this full is written at once, as the batches of 4 KiB that made logging cheap under load. */
export const BATCH_BYTES = 4096;
const WARN = 40;
/** Held for an output that takes nothing (EAGAIN) before further lines are dropped, and counted. */
const MAX_UNWRITTEN_BYTES = 16 * 1024 * 1024;
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
  /** Bytes an output that was full (EAGAIN) has not taken yet, oldest first. */
  private unwritten: Buffer[] = [];
  private unwrittenBytes = 0;
  /** Lines dropped because the output took nothing while {@link MAX_UNWRITTEN_BYTES} waited. */
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private intervalStart = 0;
  private immediateInInterval = 0;
  private readonly onExit = () => this.flushSync(EXIT_WAIT_MS);

  constructor(options: LogOutputOptions = {}) {
    this.fd = options.fd ?? 1;
    this.format = options.format;
    // Node puts a piped stdout in non-blocking mode when process.stdout is first used: a reader
    // that falls behind then gives EAGAIN (the lines wait here) instead of stopping the event loop.
    if (this.fd === 1) Reflect.get(process, 'stdout');
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
    while (this.unwritten.length > 0 && Date.now() < deadline) {
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
      const batch = Buffer.from(this.pending.join(''), 'utf8');
      if (this.unwrittenBytes + batch.length <= MAX_UNWRITTEN_BYTES) {
        this.unwritten.push(batch);
        this.unwrittenBytes += batch.length;
      } else {
        this.dropped += this.pending.length;
      }
      this.pending = [];
      this.pendingBytes = 0;
    }
    while (this.unwritten.length > 0) {
      const [head] = this.unwritten;
      if (head === undefined) break;
      let written: number;
      try {
        written = writeSync(this.fd, head);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
        // Nobody reads the output any more (EPIPE) or it is gone: there is nowhere to report
        // that, and a log call must not turn into a crash. The lines go.
        this.unwritten = [];
        this.unwrittenBytes = 0;
        break;
      }
      this.unwrittenBytes -= written;
      if (written < head.length) this.unwritten[0] = head.subarray(written);
      else this.unwritten.shift();
      if (this.unwritten.length === 0 && this.dropped > 0) {
        this.pending.push(
          `{"level":40,"time":${Date.now()},"msg":"${this.dropped} log lines dropped: the output took nothing while ${MAX_UNWRITTEN_BYTES} bytes waited"}\n`,
        );
        this.dropped = 0;
        this.writeOut();
        return;
      }
    }
    if (this.unwritten.length > 0) this.schedule();
  }
}
