import { EventFeed } from '../platform/graphql/event-stream.js';
import type { MailSession } from './mail-session.type.js';

/**
 * The `mailSessionChanged` feed of this instance: `publish` is called once per settings version
 * this instance applied (MailSessionSync.onApplied), with how to build this instance's view of it; every
 * subscriber gets each view once, in order. A subscriber more than `maxPending` views behind is
 * ended and `onOverflow` drops its connection: skipping an event would break "one event per
 * version, in order".
 */
export class MailSessionChanges {
  private readonly feed: EventFeed<MailSession>;

  constructor(maxPending: number) {
    this.feed = new EventFeed(maxPending);
  }

  /** How many subscriptions are open. */
  get subscribers(): number {
    return this.feed.subscribers;
  }

  /** Sends every subscriber `view()`, built only when there is one. */
  publish(view: () => MailSession): void {
    if (this.feed.subscribers === 0) return;
    this.feed.publish(view());
  }

  /** The views published from now on, until the iterator is returned or falls `maxPending` behind. */
  subscribe(onOverflow: () => void): AsyncIterableIterator<MailSession> {
    return this.feed.subscribe(onOverflow);
  }
}
