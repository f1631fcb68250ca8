/**
 * SIGTERM to a built service process with sends in flight: they finish and are recorded, nothing
 * more is taken, the rest (accepted through sendEmail) stays queued for the next start.
 */
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { MAIN } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { ApiSender } from './api-sender';
import { deliveryLedger } from './delivery-ledger';
import { pointInstancesAt, startInstance, stopInstances, type Instance } from './service-instances';

jest.setTimeout(120_000);

const SETTINGS = { OUTBOUND_CONCURRENCY: '4', OUTBOUND_POLL_INTERVAL_MS: '100' };

describe('SIGTERM with sends in flight', () => {
  let db: TestDatabase;
  let peer: SmtpPeer;
  const started: Instance[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
    // Each message takes the server 1.5 s: four are in flight when the signal comes.
    peer = await startSmtpPeer({ dataDelayMs: () => 1_500 });
  });
  afterAll(async () => {
    await stopInstances(started);
    await peer?.close();
    await db?.drop();
  });

  async function countByStatus(status: string): Promise<number> {
    const [row] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM outbound_message WHERE status::text = $1', [status]);
    return row?.count ?? 0;
  }

  it('finishes and records the sends in flight, takes no more, and leaves the rest queued for the next start', async () => {
    const first = await startInstance('first', db.url, SETTINGS);
    started.push(first);
    await pointInstancesAt(first, peer.port, 'first.outbound.test');
    const sender = new ApiSender({ count: 12, parallel: 12, targets: () => [first] });
    await sender.done;
    expect(sender.refusals).toEqual([]);
    await waitUntil('four messages are being sent', async () => (await countByStatus('SENDING')) === 4, 20_000, 20);
    // On a slow machine the first sends may be done before the last request is answered: they count as sent before.
    const before = await db.query<{ id: string; status: string }>("SELECT id, status::text FROM outbound_message WHERE status IN ('SENDING', 'SENT')");
    first.service.child.kill('SIGTERM');
    expect(await first.service.exited).toEqual({ code: 0, signal: null });

    const after = await db.query<{ id: string; status: string }>('SELECT id, status::text FROM outbound_message');
    const sent = after.filter((row) => row.status === 'SENT').map((row) => row.id);
    expect(sent.sort()).toEqual(before.map((row) => row.id).sort());
    expect(before.filter((row) => row.status === 'SENDING')).toHaveLength(4);
    const done = before.length;
    expect(after.filter((row) => row.status === 'QUEUED')).toHaveLength(12 - done);
    expect(peer.received).toHaveLength(done);
    const jobs = await db.query<{ state: string; count: number }>(
      "SELECT state::text, count(*)::int AS count FROM pgboss.job WHERE name = 'outbound-delivery' GROUP BY state ORDER BY state::text",
    );
    expect(jobs).toEqual([
      { state: 'completed', count: done },
      { state: 'created', count: 12 - done },
    ]);

    const second = await startInstance('second', db.url, SETTINGS);
    started.push(second);
    await waitUntil('the rest is delivered after the next start', async () => (await countByStatus('SENT')) === 12, 30_000, 100);
    expect(deliveryLedger(peer.received, sender.answers)).toEqual({ distinct: 12, duplicates: 0, duplicated: [], missing: [], unanswered: [], twice: [] });
  });
});
