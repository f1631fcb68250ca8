import { createTestDatabase, type TestDatabase } from '../support/database';
import { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { FAST_OUTBOUND, pointAt } from './delivery-support';

jest.setTimeout(60_000);

const PER_MINUTE = 120;
const SPACING_MS = 60_000 / PER_MINUTE;
const MESSAGES = 8;

describe('OUTBOUND_MAX_PER_MINUTE', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let peer: SmtpPeer;
  let rows: OutboundRows;
  /** When each message's data arrived at the server. */
  const arrivedAt: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    peer = await startSmtpPeer({
      dataDelayMs: () => {
        arrivedAt.push(Date.now());
        return 0;
      },
    });
    const key = testSecretKey();
    // One message at a time per instance: neither can take every message at once, so both send.
    const outbound = { ...FAST_OUTBOUND, maxPerMinute: PER_MINUTE, concurrency: 1 };
    a = await startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'pace-a', outbound });
    b = await startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'pace-b', outbound });
    rows = OutboundRows.withQueue(db.url, a.app.outboundQueue);
    await pointAt(a, peer.port);
    await waitUntil('instance b applied the settings', () => b.app.transports.appliedVersion === a.app.transports.appliedVersion);
  });
  afterAll(async () => {
    await rows?.close();
    await a?.close();
    await b?.close();
    await peer?.close();
    await db?.drop();
  });

  it('spaces the sends of two instances together to the limit, delaying (not failing) the waiting messages', async () => {
    await rows.acceptMany(MESSAGES);
    await waitUntil(`all ${MESSAGES} are SENT`, async () => ((await rows.countByStatus()).SENT ?? 0) === MESSAGES, 30_000, 100);
    const times = [...arrivedAt].sort((x, y) => x - y);
    // Slots are SPACING_MS apart; an arrival comes after its slot by the send's own duration (longer
    // for an instance's first message, whose pool connects; much longer on a loaded machine), so
    // single gaps vary: the span of all of them is what the pace fixes (without it: a few ms; the
    // first arrival may come late by a connection's set-up, hence 0.75).
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual((MESSAGES - 1) * SPACING_MS * 0.75);
    // Both instances sent, each taking turns from the shared slot row.
    for (const t of [a, b]) expect(t.logs.text).toContain('"status":"SENT"');
    const [failed] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM outbound_message WHERE status <> 'SENT' OR attempts <> 1");
    expect(failed?.count).toBe(0);
  });
});
