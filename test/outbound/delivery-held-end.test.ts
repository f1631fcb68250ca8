import { Client } from 'pg';
import type { TestDatabase } from '../support/database';
import { startDataWatcher, type DataWatcher } from '../support/data-watcher';
import type { OutboundRows } from '../support/outbound-rows';
import type { TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { FAST_OUTBOUND, startDeliveryRig, stopDeliveryRig } from './delivery-support';

const CONCURRENCY = 2;
const MESSAGES = 4 * CONCURRENCY;
/** The advisory lock a record of SENT waits for while the test holds it. */
const RECORD_GATE = 4242;

describe('a slot sends its next message while the last one is recorded, but a DATA ends only while fewer than OUTBOUND_CONCURRENCY messages are unrecorded', () => {
  let db: TestDatabase;
  let t: TestApp;
  let rows: OutboundRows;
  let peer: DataWatcher;
  let gate: Client;

  beforeAll(async () => {
    ({ db, peer, t, rows } = await startDeliveryRig(() => startDataWatcher(), { outbound: { ...FAST_OUTBOUND, concurrency: CONCURRENCY } }));
    gate = new Client({ connectionString: db.url });
    await gate.connect();
    // The test's own hold on the records: each statement that records a message SENT waits while the test holds the lock.
    await gate.query(`CREATE FUNCTION test_record_gate() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(${RECORD_GATE}); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await gate.query(`CREATE TRIGGER test_record_gate BEFORE UPDATE OF status ON outbound_message
      FOR EACH ROW WHEN (NEW.status = 'SENT') EXECUTE FUNCTION test_record_gate()`);
  });
  afterAll(async () => {
    await gate?.end();
    await stopDeliveryRig({ rows, t, peer, db });
  });

  it('never has more than OUTBOUND_CONCURRENCY messages taken by the server and not recorded; all go once the records commit', async () => {
    await gate.query('SELECT pg_advisory_lock($1)', [RECORD_GATE]);
    const accepted = await Promise.all(Array.from({ length: MESSAGES }, (_, i) => rows.accept({ subject: `held ${i}` })));

    // As many messages taken as the limit (their records wait for the gate), the next ones in DATA, their `.` held back.
    await waitUntil(
      `${CONCURRENCY} messages taken and ${CONCURRENCY} more in DATA (taken ${peer.state.taken.length}, in DATA ${peer.state.open})`,
      () => (peer.state.taken.length === CONCURRENCY && peer.state.open === CONCURRENCY) || peer.state.taken.length > CONCURRENCY,
      15_000,
    );
    expect(peer.state.taken).toHaveLength(CONCURRENCY);
    expect(peer.state.open).toBe(CONCURRENCY);
    const recorded = await gate.query<{ n: number }>("SELECT count(*)::int AS n FROM outbound_message WHERE status = 'SENT'");
    expect(recorded.rows[0]?.n).toBe(0);

    await gate.query('SELECT pg_advisory_unlock($1)', [RECORD_GATE]);
    await waitUntil('every message is SENT', async () => {
      const sent = await gate.query<{ n: number }>("SELECT count(*)::int AS n FROM outbound_message WHERE status = 'SENT'");
      return sent.rows[0]?.n === MESSAGES;
    });
    // Each once, none abandoned on the way.
    expect([...peer.state.taken].sort()).toEqual(accepted.map((row) => row.messageId).sort());
    const attempts = await gate.query<{ attempts: number }>('SELECT DISTINCT attempts FROM outbound_message');
    expect(attempts.rows).toEqual([{ attempts: 1 }]);
  });
});

describe('the live transport holds as many SMTP connections as sends go at once', () => {
  const WIDE = 8;
  let db: TestDatabase;
  let t: TestApp;
  let rows: OutboundRows;
  let peer: DataWatcher;

  beforeAll(async () => {
    // Each `.` answered late: every slot's send stays in DATA a while, on its own connection.
    ({ db, peer, t, rows } = await startDeliveryRig(() => startDataWatcher({ answerAfterMs: 400 }), { outbound: { ...FAST_OUTBOUND, concurrency: WIDE } }));
  });
  afterAll(() => stopDeliveryRig({ rows, t, peer, db }));

  it(`sends ${WIDE} at once with OUTBOUND_CONCURRENCY=${WIDE} (nodemailer's pool alone holds 5)`, async () => {
    const accepted = await Promise.all(Array.from({ length: 2 * WIDE }, (_, i) => rows.accept({ subject: `wide ${i}` })));
    await waitUntil(`${WIDE} messages in DATA at once`, () => peer.state.mostOpen >= WIDE, 15_000);
    await waitUntil('every message is taken', () => peer.state.taken.length === accepted.length, 15_000);
    expect(peer.state.mostOpen).toBe(WIDE);
    expect([...peer.state.taken].sort()).toEqual(accepted.map((row) => row.messageId).sort());
  });
});
