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
  readonly log: Logger;
}

/**
 * Turns fetched messages into rows (mailparser, then the row's JSON) on a worker thread, so that
 * the second core parses while the main thread fetches and stores: mailparser costs more CPU per
 * message than fetching and storing it together. Rows come back in the order the messages went
 * in. Messages go in chunks (`flush` sends a partial one); without a worker, or when the worker
 * fails or dies, they are parsed on the main thread, one at a time: a row is never lost to the
 * worker, only parsed where it costs more.
 */
export class ParsePool {
  private worker: Worker | undefined;
  private chunk: Pending[] = [];
  private readonly sent = new Map<number, Pending[]>();
  private nextId = 0;
  /** Main-thread parsing, one message after the other: all of a batch at once cost twice the CPU. */
  private serial: Promise<unknown> = Promise.resolve();
  private closed = true;

  constructor(private readonly options: ParsePoolOptions) {}

  /** The worker thread parsing messages now; undefined: they are parsed on the main thread (a test ends it mid-parse). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  /**
   * Starts the worker (it loads mailparser there), or loads mailparser here without one. The
   * poller calls it when it takes the lock: the first fetched messages do not wait for either.
   */
  start(): void {
    this.closed = false;
    const script = this.options.workerScript;
    if (this.worker || !script || !existsSync(script)) {
      if (!this.worker) mailparser();
      return;
    }
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (answer: ParsedChunk) => this.answered(answer));
    worker.on('error', (error) => this.options.log.warn({ err: error }, 'the inbound parse worker failed; its messages are parsed on the main thread'));
    worker.on('exit', () => this.lost(worker));
    this.worker = worker;
  }

  /** The message's row: parsed on the worker when there is one, else here. */
  parse(raw: Buffer, place: MessagePlace): Promise<RowJson> {
    return new Promise<RowJson>((resolve, reject) => {
      const pending = { raw, place, resolve, reject };
      if (!this.worker) {
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
    const worker = this.worker;
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
    this.sent.set(id, chunk);
    const message: ParseChunk = { id, sources, lengths, places: chunk.map((pending) => pending.place) };
    worker.postMessage(message, [sources.buffer]);
  }

  /** Ends the worker; what it had not answered yet is parsed here. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.lost(worker);
    await worker.terminate();
  }

  private answered(answer: ParsedChunk): void {
    const chunk = this.sent.get(answer.id);
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

  /** The worker ended (closed, or died): what it held, and what waits for it, is parsed here; a later `start` starts another. */
  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.closed) this.options.log.warn('the inbound parse worker ended; its messages are parsed on the main thread');
    const held = [...this.sent.values()].flat();
    this.sent.clear();
    for (const pending of [...held, ...this.chunk.splice(0)]) this.parseHere(pending);
  }

  private parseHere(pending: Pending): void {
    const parsed = this.serial.then(async () => pending.resolve(rowJson(await parseInboundMessage(pending.raw, pending.place))));
    this.serial = parsed.catch(pending.reject);
  }
}
