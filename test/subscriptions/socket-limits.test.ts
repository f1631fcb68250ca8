import { DEFAULT_HTTP_LIMITS } from '../../src/config/http-settings';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from '../../src/config/subscription-settings';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { acknowledged, MAIL_SESSION_CHANGED, openRaw, subscribe, UPDATE_HOST, upgradeRefusal, wsClient } from './subscription-clients';

const limits = (changes: Partial<SubscriptionLimits>): SubscriptionLimits => ({ ...DEFAULT_SUBSCRIPTION_LIMITS, ...changes });

describe('subscription sockets: caps per instance and per address', () => {
  const t = useTestApp({ subscriptionLimits: limits({ maxConnections: 3, maxConnectionsPerAddress: 2, maxSubscriptionsPerConnection: 2 }) });

  it('refuses the upgrade past the per-address cap (429) and past the instance cap (503), and counts a closed socket out', async () => {
    const first = await acknowledged(t.url);
    const second = await acknowledged(t.url);
    expect(await upgradeRefusal(t.url)).toBe(429);
    // Another address still gets a socket, up to the instance's cap.
    const third = await acknowledged(t.url, VIEWER_TOKEN, '127.0.0.2');
    expect(await upgradeRefusal(t.url, '127.0.0.3')).toBe(503);
    expect(t.app.subscriptions.open).toBe(3);
    first.socket.close(1000);
    await waitUntil('the closed socket is counted out', () => t.app.subscriptions.open === 2);
    const again = await acknowledged(t.url);
    for (const raw of [second, third, again]) raw.socket.close(1000);
    await waitUntil('every socket is counted out', () => t.app.subscriptions.open === 0);
  });

  it('refuses a subscription past the per-connection cap', async () => {
    const client = wsClient(t.url, ADMIN_TOKEN);
    try {
      subscribe(client, MAIL_SESSION_CHANGED);
      subscribe(client, MAIL_SESSION_CHANGED);
      const third = subscribe(client, MAIL_SESSION_CHANGED);
      await third.events.next();
      expect(third.events.error).toEqual([
        expect.objectContaining({ message: 'Too many subscriptions on this connection', extensions: expect.objectContaining({ code: 'BAD_REQUEST' }) }),
      ]);
      await waitUntil('two subscriptions are in place', () => t.app.mailSessionChanges.subscribers === 2);
    } finally {
      await client.dispose();
    }
  });
});

describe('subscription sockets: time limits', () => {
  const t = useTestApp({ subscriptionLimits: limits({ initTimeoutMs: 300, keepAliveMs: 300 }) });

  it('closes a socket that sends no connection_init in time with 4408', async () => {
    const raw = await openRaw(t.url);
    expect(await raw.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('cuts off a peer that stops answering pings', async () => {
    const raw = await acknowledged(t.url);
    // Reads nothing more, so answers no ping.
    raw.socket.pause();
    await waitUntil('the server cut the silent peer off', () => t.app.subscriptions.open === 0, 5_000);
    raw.socket.terminate();
  });

  it('keeps a peer that answers pings', async () => {
    const raw = await acknowledged(t.url);
    let pings = 0;
    raw.socket.on('ping', () => pings++);
    await waitUntil('three pings were answered', () => pings >= 3, 5_000);
    expect(t.app.subscriptions.open).toBe(1);
    raw.socket.close(1000);
    await raw.closed;
  });
});

describe('subscription sockets: a consumer that stops reading', () => {
  // Large events (long aliases) fill the kernel's socket buffers in a few dozen changes.
  const ALIAS_LENGTH = 15_000;
  const LARGE = `subscription { mailSessionChanged { version ${Array.from({ length: 14 }, (_, i) => `${'v'.repeat(ALIAS_LENGTH)}${i}: updatedBy`).join(' ')} } }`;
  const maxPendingEvents = 4;
  const t = useTestApp({
    subscriptionLimits: limits({ maxPendingEvents, keepAliveMs: 600_000 }),
    httpLimits: { ...DEFAULT_HTTP_LIMITS, maxQueryBytes: 250_000 },
  });

  it('is dropped once it is maxPendingEvents behind, while a reading subscriber gets every event', async () => {
    const slow = await acknowledged(t.url);
    slow.send({ id: 'slow', type: 'subscribe', payload: { query: LARGE } });
    const client = wsClient(t.url, ADMIN_TOKEN);
    try {
      const fast = subscribe(client, MAIL_SESSION_CHANGED);
      await waitUntil('both subscriptions are in place', () => t.app.mailSessionChanges.subscribers === 2);
      slow.socket.pause();
      const versions: number[] = [];
      for (let change = 0; change < 400 && t.app.subscriptions.open === 2; change++) {
        const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE_HOST, {
          input: { outgoing: { host: `h${change}.example.com` } },
        });
        versions.push(result.data?.updateMailSession.mailSession.version ?? -1);
      }
      await waitUntil('the slow socket was dropped', () => t.app.subscriptions.open === 1 && t.app.mailSessionChanges.subscribers === 1);
      const dropped = t.logs.lines
        .map((line) => JSON.parse(line) as { msg: string; bufferedAmount?: number })
        .find((line) => line.msg.startsWith('subscription socket dropped'));
      expect(dropped?.msg).toBe('subscription socket dropped: its consumer fell behind');
      // What the server held for it when it was dropped: the one send in flight, not every event since it stopped.
      const eventBytes = 14 * ALIAS_LENGTH;
      expect(dropped?.bufferedAmount).toBeLessThan(3 * eventBytes);
      expect(versions.length).toBeGreaterThan(maxPendingEvents);
      for (const version of versions) expect((await fast.events.next()).data?.mailSessionChanged.version).toBe(version);
    } finally {
      await client.dispose();
      slow.socket.terminate();
    }
  });
});

describe('subscription sockets: failed authentications', () => {
  const t = useTestApp({ authFailures: { slowAfter: 100, refuseAfter: 2, windowMs: 60_000, delayMs: 0 } });

  it('count against the address as over HTTP: a locked-out address is closed with 4429, even with a good token', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const raw = await openRaw(t.url);
      raw.send({ type: 'connection_init', payload: { authorization: 'Bearer wrong-token' } });
      expect((await raw.closed).code).toBe(4401);
    }
    const raw = await openRaw(t.url);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await raw.closed).toEqual({ code: 4429, reason: 'Too many failed authentication attempts' });
    expect(raw.messages).toEqual([]);
    // HTTP sees the same lockout.
    expect((await t.gql('{ mailSession { version } }')).status).toBe(429);
  });
});
