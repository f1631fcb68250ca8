import { createTestDatabase, type TestDatabase } from '../support/database';
import { inboundGlobalId, insertInboundRows } from '../support/inbound-rows';
import { RECEIVER_TOKEN, startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { INBOUND_RAW } from './inbound.operations';

const DAY_MS = 86_400_000;
const SWEEP_MS = 100;

interface RawState extends Record<string, unknown> {
  subject: string;
  has_raw: boolean;
  raw_deleted_at: Date | null;
}

describe('INBOUND_RETENTION_DAYS: raw sources deleted by a periodic sweep', () => {
  let db: TestDatabase;
  let app: TestApp | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await app?.close();
    await db.drop();
  });

  const state = () => db.query<RawState>('SELECT subject, raw IS NOT NULL AS has_raw, raw_deleted_at FROM inbound_message ORDER BY subject');

  it('deletes the raw source of messages stored longer ago than the retention, keeps the rest of them, and leaves newer ones whole', async () => {
    const now = Date.now();
    const [old, , refused] = await insertInboundRows(db.query, [
      { subject: 'a: 8 days old', receivedAt: new Date(now - 8 * DAY_MS) },
      { subject: 'b: 6 days old', receivedAt: new Date(now - 6 * DAY_MS) },
      { subject: 'c: refused 9 days ago, never had a source', status: 'REFUSED', raw: null, receivedAt: new Date(now - 9 * DAY_MS) },
    ]);
    app = await startTestApp({ databaseUrl: db.url, inbound: { retentionDays: 7, webhook: undefined }, inboundTiming: { retentionSweepMs: SWEEP_MS } });
    await waitUntil('the sweep at start deleted the old source', async () => (await state())[0]?.has_raw === false);
    const [a, b, c] = await state();
    expect(a).toMatchObject({ has_raw: false, raw_deleted_at: expect.any(Date) });
    expect(b).toEqual({ subject: 'b: 6 days old', has_raw: true, raw_deleted_at: null });
    expect(c).toMatchObject({ has_raw: false, raw_deleted_at: null });
    // The parsed message stays readable; only raw is gone, and rawDeletedAt says when.
    const read = await app.gql<{ inboundMessage: { raw: string | null; rawDeletedAt: string | null } }>(
      INBOUND_RAW,
      { id: inboundGlobalId(old?.id ?? '') },
      RECEIVER_TOKEN,
    );
    expect(read.data?.inboundMessage).toEqual({ id: inboundGlobalId(old?.id ?? ''), raw: null, rawDeletedAt: a?.raw_deleted_at?.toISOString() });
    expect(refused?.status).toBe('REFUSED');

    // Later sweeps change nothing that is already swept: the deletion time stays the first one.
    const deletedAt = a?.raw_deleted_at;
    expect(await app.app.inboundMail.retention.sweep()).toBe(0);
    expect((await state())[0]?.raw_deleted_at).toEqual(deletedAt);

    // A message that passes the retention while the service runs is swept by the periodic sweep.
    await db.query(`UPDATE inbound_message SET received_at = now() - interval '7 days 1 minute' WHERE subject LIKE 'b:%'`);
    await waitUntil('a periodic sweep deleted the second source', async () => (await state())[1]?.has_raw === false);
  });

  it('keeps every source with a longer retention, and sweeps no more once the service has stopped', async () => {
    await insertInboundRows(db.query, [{ subject: 'a: 8 days old', receivedAt: new Date(Date.now() - 8 * DAY_MS) }]);
    app = await startTestApp({ databaseUrl: db.url, inbound: { retentionDays: 30, webhook: undefined }, inboundTiming: { retentionSweepMs: SWEEP_MS } });
    expect(await app.app.inboundMail.retention.sweep()).toBe(0);
    await app.close();
    app = undefined;
    await db.query(`UPDATE inbound_message SET received_at = now() - interval '40 days'`);
    // Nothing to wait for but time: ten sweep intervals without a sweep.
    await new Promise((resolve) => setTimeout(resolve, 10 * SWEEP_MS));
    expect((await state())[0]).toMatchObject({ has_raw: true, raw_deleted_at: null });
  });
});
