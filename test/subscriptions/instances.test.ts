import { Client as PgClient } from 'pg';
import { VIEWER_TOKEN } from '../support/test-app';
import { useTwoInstances } from '../support/two-instances';
import { waitUntil } from '../support/wait-until';
import { MAIL_SESSION_CHANGED, subscribe, UPDATE_HOST, wsClient } from './subscription-clients';

/**
 * The commit → applied bound the bench holds the service to (p99 ≤ 50 ms, README "Performance"),
 * with room for a test run that shares two cores with other test files.
 */
const COMMIT_TO_EVENT_BOUND_MS = 1_000;

describe('mailSessionChanged on several instances on one database', () => {
  const { db, a, b } = useTwoInstances();

  it("sends a subscriber of instance b a change committed on instance a, with b's view, within the commit-to-applied bound", async () => {
    // The bench's clock: PostgreSQL delivers NOTIFY only after the commit, so its arrival is the commit time.
    const notifications = new PgClient({ connectionString: db.url });
    await notifications.connect();
    const committedAt = new Map<number, number>();
    notifications.on('notification', (message) => committedAt.set(Number(message.payload), performance.now()));
    await notifications.query('LISTEN mail_session_changed');
    const client = wsClient(b.url, VIEWER_TOKEN);
    try {
      const { events } = subscribe(client, MAIL_SESSION_CHANGED);
      await waitUntil('the subscription on b is in place', () => b.app.mailSessionChanges.subscribers === 1);
      const versions: number[] = [];
      for (const host of ['smtp-1.example.com', 'smtp-2.example.com', 'smtp-3.example.com']) {
        const result = await a.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE_HOST, { input: { outgoing: { host } } });
        const version = result.data?.updateMailSession.mailSession.version ?? -1;
        versions.push(version);
        const event = await events.next();
        const receivedAt = performance.now();
        expect(event.data?.mailSessionChanged).toEqual({
          version,
          outgoing: { host },
          // b's own transports, rebuilt for this version before the event was sent.
          transports: { outgoing: { state: 'READY', appliedVersion: version } },
        });
        const committed = committedAt.get(version);
        expect(committed).toBeDefined();
        expect(receivedAt - (committed ?? 0)).toBeLessThan(COMMIT_TO_EVENT_BOUND_MS);
      }
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      // Exactly one event per version: nothing more is waiting once b served the last read.
      await b.gql('{ mailSession { version } }');
      expect(events.size).toBe(0);
    } finally {
      await client.dispose();
      await notifications.end();
    }
  });

  it("sends a's subscribers the change a committed exactly once, though a also hears its own notification and checks again", async () => {
    const client = wsClient(a.url, VIEWER_TOKEN);
    try {
      const { events } = subscribe(client, MAIL_SESSION_CHANGED);
      await waitUntil('the subscription on a is in place', () => a.app.mailSessionChanges.subscribers === 1);
      const first = await a.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE_HOST, { input: { outgoing: { host: 'one.example.com' } } });
      const second = await a.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE_HOST, {
        input: { outgoing: { host: 'two.example.com' } },
      });
      const last = second.data?.updateMailSession.mailSession.version ?? -1;
      await waitUntil('b applied the second change', () => b.app.transports.appliedVersion === last);
      // What a's change listener and periodic check do, whenever they come: both versions again.
      a.app.sync.onChange(last - 1);
      a.app.sync.onChange(last);
      await a.app.sync.requestReload('test: periodic check');
      expect((await events.next()).data?.mailSessionChanged.version).toBe(first.data?.updateMailSession.mailSession.version);
      expect((await events.next()).data?.mailSessionChanged.version).toBe(last);
      await a.gql('{ mailSession { version } }');
      expect(events.size).toBe(0);
    } finally {
      await client.dispose();
    }
  });
});
