/**
 * One subscriber's stream of events: bounded, so a consumer that stops reading cannot grow the
 * heap. Past `maxPending` waiting events the stream ends and `onOverflow` drops the subscriber:
 * skipping an event instead would break "every event, in order".
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly pending: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly maxPending: number,
    private readonly onOverflow: () => void,
    private readonly onEnd: (stream: EventStream<T>) => void,
  ) {}

  push(event: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.pending.length >= this.maxPending) {
      this.end();
      this.onOverflow();
      return;
    }
    this.pending.push(event);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.pending.length > 0) return Promise.resolve({ value: this.pending.shift() as T, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
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

/** Every open stream of one feed: `publish` pushes an event, built only when someone subscribed. */
export class EventFeed<T> {
  private readonly streams = new Set<EventStream<T>>();

  constructor(private readonly maxPending: number) {}

  /** How many subscriptions are open. */
  get subscribers(): number {
    return this.streams.size;
  }

  /** Sends every subscriber `event`. */
  publish(event: T): void {
    for (const stream of this.streams) stream.push(event);
  }

  /** The events published from now on, until the iterator is returned or falls `maxPending` behind. */
  subscribe(onOverflow: () => void): AsyncIterableIterator<T> {
    const stream = new EventStream<T>(this.maxPending, onOverflow, (ended) => this.streams.delete(ended));
    this.streams.add(stream);
    return stream;
  }
}
