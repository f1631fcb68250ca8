import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { mailparser, parseInboundMessage, type MessagePlace } from './inbound-message.parse.js';
import { rowJson, type RowJson } from './inbound-row.json.js';
import type { ParseChunk, ParsedChunk } from './parse-worker.js';

/** Messages sent to the worker together: one message event each way per chunk, not per message. */
const CHUNK_MESSAGES = 50;

interface Pending {
  raw: Buffer;
  place: MessagePlace;
  resolve: (row: RowJson) => void;
  reject: (error: unknown) => void;
}

export interface ParsePoolOptions {
  /**
   * The compiled parse worker (`dist/inbound/parse-worker.js`); undefined, or a file that is not
   * there (the service run from its TypeScript sources, as the tests do): messages are parsed on
   * the main thread.
   */
  readonly workerScript: string | undefined;
  /** Worker threads (default 1): chunks go to them in turn. */
  readonly workers?: number;
  readonly log: Logger;
}

/**
 * Turns fetched messages into rows (mailparser, then the row's JSON) on worker threads, so that
 * other cores parse while the main thread fetches and stores: mailparser costs more CPU per
 * message than fetching and storing it together. Each message's row comes back to its own
 * promise, so rows keep the order the messages went in whichever worker parsed them. Messages go
 * in chunks (`flush` sends a partial one), to the workers in turn; without a worker, or when the
 * last one fails or dies, they are parsed on the main thread, one at a time: a row is never lost
 * to a worker, only parsed where it costs more.
 */
export class ParsePool {
  private workers: Worker[] = [];
  private chunk: Pending[] = [];
  private readonly sent = new Map<number, { worker: Worker; chunk: Pending[] }>();
  private nextId = 0;
  private turn = 0;
  /** Main-thread parsing, one message after the other: all of a batch at once cost twice the CPU. */
  private serial: Promise<unknown> = Promise.resolve();
  private closed = true;

  constructor(private readonly options: ParsePoolOptions) {}

  /** The worker threads parsing messages now; none: they are parsed on the main thread (a test ends one mid-parse). */
  get threads(): readonly Worker[] {
    return this.workers;
  }

  /**
   * Starts the workers (each loads mailparser), or loads mailparser here without them. The poller
   * calls it when it takes the lock: the first fetched messages do not wait for either.
   */
  start(): void {
    this.closed = false;
    const script = this.options.workerScript;
    if (!script || !existsSync(script)) {
      mailparser();
      return;
    }
    while (this.workers.length < (this.options.workers ?? 1)) {
      const worker = new Worker(script);
      worker.unref();
      worker.on('message', (answer: ParsedChunk) => this.answered(answer));
      worker.on('error', (error) => this.options.log.warn({ err: error }, 'an inbound parse worker failed; its messages are parsed elsewhere'));
      worker.on('exit', () => this.lost(worker));
      this.workers.push(worker);
    }
  }

  /** The message's row: parsed on the worker when there is one, else here. */
  parse(raw: Buffer, place: MessagePlace): Promise<RowJson> {
    return new Promise<RowJson>((resolve, reject) => {
      const pending = { raw, place, resolve, reject };
      if (this.workers.length === 0) {
        this.parseHere(pending);
        return;
      }
      this.chunk.push(pending);
      if (this.chunk.length >= CHUNK_MESSAGES) this.flush();
    });
  }

  /** Sends the messages not sent yet (the end of a batch). */
  flush(): void {
    const chunk = this.chunk;
    if (chunk.length === 0) return;
    this.chunk = [];
    const worker = this.workers[this.turn++ % Math.max(1, this.workers.length)];
    if (!worker) {
      for (const pending of chunk) this.parseHere(pending);
      return;
    }
    const id = this.nextId++;
    // One copy of the sources, in a buffer of its own, moved (not cloned) to the worker: imapflow's
    // Buffers may be views into larger ones, and moving those would take them from their owners.
    const lengths = chunk.map((pending) => pending.raw.length);
    const sources = Buffer.allocUnsafeSlow(lengths.reduce((sum, length) => sum + length, 0));
    let offset = 0;
    for (const pending of chunk) offset += pending.raw.copy(sources, offset);
    this.sent.set(id, { worker, chunk });
    const message: ParseChunk = { id, sources, lengths, places: chunk.map((pending) => pending.place) };
    worker.postMessage(message, [sources.buffer]);
  }

  /** Ends the workers; what they had not answered yet is parsed here. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.workers];
    for (const worker of workers) this.lost(worker);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private answered(answer: ParsedChunk): void {
    const chunk = this.sent.get(answer.id)?.chunk;
    if (!chunk) return;
    this.sent.delete(answer.id);
    if ('failed' in answer) {
      for (const pending of chunk) this.parseHere(pending);
      return;
    }
    for (const [index, pending] of chunk.entries()) {
      const row = answer.rows[index];
      if (row === undefined) this.parseHere(pending);
      else pending.resolve(row);
    }
  }

  /**
   * A worker ended (closed, or died): what it held is parsed here (and, when it was the last one,
   * what waits for a worker); the others go on, and a later `start` starts it again.
   */
  private lost(worker: Worker): void {
    if (!this.workers.includes(worker)) return;
    this.workers = this.workers.filter((each) => each !== worker);
    if (!this.closed) {
      this.options.log.warn(
        this.workers.length > 0
          ? 'an inbound parse worker ended; what it held is parsed on the main thread, the others go on'
          : 'the inbound parse worker ended; its messages are parsed on the main thread',
      );
    }
    const held: Pending[] = [];
    for (const [id, entry] of this.sent) {
      if (entry.worker !== worker) continue;
      this.sent.delete(id);
      held.push(...entry.chunk);
    }
    for (const pending of held) this.parseHere(pending);
    if (this.workers.length === 0) for (const pending of this.chunk.splice(0)) this.parseHere(pending);
  }

  private parseHere(pending: Pending): void {
    const parsed = this.serial.then(async () => pending.resolve(rowJson(await parseInboundMessage(pending.raw, pending.place))));
    this.serial = parsed.catch(pending.reject);
  }
}
