import { DEFAULT_SUBSCRIPTION_LIMITS } from '../../src/config/subscription-settings';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, VIEWER_TOKEN, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { MAIL_SESSION_CHANGED, openRaw, type RawSocket } from './subscription-clients';

describe('closing the app with subscription sockets open', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeEach(async () => {
    db = await createTestDatabase();
    t = await startTestApp({ databaseUrl: db.url, subscriptionLimits: { ...DEFAULT_SUBSCRIPTION_LIMITS, closeTimeoutMs: 500 } });
  });
  afterEach(async () => {
    await t.close();
    await db.drop();
  });

  async function subscribed(app: TestApp): Promise<RawSocket> {
    const raw = await openRaw(app.url);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${VIEWER_TOKEN}` } });
    await waitUntil('acknowledged', () => raw.messages.length > 0);
    raw.send({ id: '1', type: 'subscribe', payload: { query: MAIL_SESSION_CHANGED } });
    return raw;
  }

  it('closes every socket with 1001 "Going away" and then stops', async () => {
    const app = t;
    const sockets = [await subscribed(app), await subscribed(app)];
    await waitUntil('both subscriptions are in place', () => app.app.mailSessionChanges.subscribers === 2);
    await app.close();
    for (const raw of sockets) expect(await raw.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(app.app.subscriptions.open).toBe(0);
    expect(app.app.mailSessionChanges.subscribers).toBe(0);
  });

  it('does not wait for a peer that does not answer the close frame longer than the close timeout', async () => {
    const app = t;
    const raw = await subscribed(app);
    await waitUntil('the subscription is in place', () => app.app.mailSessionChanges.subscribers === 1);
    raw.socket.pause();
    const started = performance.now();
    await app.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(app.app.subscriptions.open).toBe(0);
    raw.socket.terminate();
  });
});
