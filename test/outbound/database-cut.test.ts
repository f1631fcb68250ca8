import { startTcpProxy, type TcpProxy } from '../hardening/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { arrivals } from './service-instances';
import { FAST_OUTBOUND, pointAt } from './support';

jest.setTimeout(120_000);

const MESSAGES = 300;

describe('the database cut mid-batch', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  /** Reaches PostgreSQL through the proxy. */
  let t: TestApp;
  let peer: SmtpPeer;
  let rows: OutboundRows;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    peer = await startSmtpPeer({ dataDelayMs: () => Math.floor(Math.random() * 10) });
    t = await startTestApp({
      databaseUrl: proxy.url,
      instanceId: 'behind-proxy',
      listenerReconnectMs: 100,
      outbound: { ...FAST_OUTBOUND, attemptLeaseSeconds: 60 },
    });
    // The messages are accepted straight on the database, as another instance would.
    rows = OutboundRows.withQueue(db.url, t.app.outboundQueue);
    await pointAt(t, peer.port);
  });
  afterAll(async () => {
    proxy?.restore();
    await rows?.close();
    await t?.close();
    await proxy?.close();
    await peer?.close();
    await db?.drop();
  });

  it('loses nothing: sends under way are recorded once the database is back, and the backlog drains', async () => {
    const accepting = rows.acceptMany(MESSAGES);
    await peer.waitFor(MESSAGES / 4, 60_000);
    proxy.cut();
    const atCut = peer.received.length;
    // Down for three seconds while the worker has sends in flight and jobs to fetch.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const duringCut = peer.received.length - atCut;
    proxy.restore();
    await accepting;
    await waitUntil(`all ${MESSAGES} messages are SENT`, async () => ((await rows.countByStatus()).SENT ?? 0) === MESSAGES, 90_000, 200);
    const { distinct, duplicates } = arrivals(peer.received.map((message) => message.messageId));
    expect(distinct).toBe(MESSAGES);
    // A 250 received while the database was away is recorded after it comes back, not sent again.
    expect(duplicates).toBe(0);
    expect(t.logs.text).toContain('database step failed, retrying');
    console.info(
      `database cut after ${atCut} of ${MESSAGES} delivered, ${duringCut} more reached the peer during the cut; all delivered, ${duplicates} duplicates`,
    );
  });
});
