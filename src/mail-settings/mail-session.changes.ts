import type { MailSession } from './mail-session.type.js';

/** One subscriber's stream of views: bounded, so a consumer that stops reading cannot grow the heap. */
class ChangeStream implements AsyncIterableIterator<MailSession> {
  private readonly pending: MailSession[] = [];
  private waiting: ((result: IteratorResult<MailSession>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly maxPending: number,
    private readonly onOverflow: () => void,
    private readonly onEnd: (stream: ChangeStream) => void,
  ) {}

  push(view: MailSession): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: view, done: false });
      return;
    }
    if (this.pending.length >= this.maxPending) {
      // Its socket is not taking what it was sent: skipping an event would break "one event per
      // version, in order", so the subscriber is dropped instead.
      this.end();
      this.onOverflow();
      return;
    }
    this.pending.push(view);
  }

  next(): Promise<IteratorResult<MailSession>> {
    const view = this.pending.shift();
    if (view !== undefined) return Promise.resolve({ value: view, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<MailSession>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<MailSession>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<MailSession> {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.length = 0;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
    this.onEnd(this);
  }
}

/**
 * The `mailSessionChanged` feed of this instance: `publish` is called once per settings version
 * this instance applied (MailSessionSync.onApplied), with how to build this instance's view of it; every
 * subscriber gets each view once, in order. A subscriber more than `maxPending` views behind is
 * ended and `onOverflow` drops its connection.
 */
export class MailSessionChanges {
  private readonly streams = new Set<ChangeStream>();

  constructor(private readonly maxPending: number) {}

  /** How many subscriptions are open. */
  get subscribers(): number {
    return this.streams.size;
  }

  /** Sends every subscriber `view()`, built only when there is one. */
  publish(view: () => MailSession): void {
    if (this.streams.size === 0) return;
    const built = view();
    for (const stream of this.streams) stream.push(built);
  }

  /** The views published from now on, until the iterator is returned or falls `maxPending` behind. */
  subscribe(onOverflow: () => void): AsyncIterableIterator<MailSession> {
    const stream = new ChangeStream(this.maxPending, onOverflow, (ended) => this.streams.delete(ended));
    this.streams.add(stream);
    return stream;
  }
}
