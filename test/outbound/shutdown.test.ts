/**
 * SIGTERM to a built service process with sends in flight: they finish and are recorded, nothing
 * more is taken, the rest stays queued for the next start.
 */
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { MAIN } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { arrivals, pointInstancesAt, startInstance, stopInstances, type Instance } from './service-instances';

jest.setTimeout(120_000);

const SETTINGS = { OUTBOUND_CONCURRENCY: '4', OUTBOUND_POLL_INTERVAL_MS: '100' };

describe('SIGTERM with sends in flight', () => {
  let db: TestDatabase;
  let peer: SmtpPeer;
  let rows: OutboundRows | undefined;
  const started: Instance[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
    // Each message takes the server 1.5 s: four are in flight when the signal comes.
    peer = await startSmtpPeer({ dataDelayMs: () => 1_500 });
  });
  afterAll(async () => {
    await rows?.close();
    await stopInstances(started);
    await peer?.close();
    await db?.drop();
  });

  it('finishes and records the sends in flight, takes no more, and leaves the rest queued for the next start', async () => {
    const first = await startInstance('first', db.url, SETTINGS);
    started.push(first);
    await pointInstancesAt(first, peer.port, 'first.outbound.test');
    rows = await OutboundRows.standalone(db.url);
    const accepted = await rows.acceptMany(12);
    await waitUntil('four messages are being sent', async () => ((await rows?.countByStatus())?.SENDING ?? 0) === 4, 20_000, 20);
    const inFlight = await db.query<{ id: string }>("SELECT id FROM outbound_message WHERE status = 'SENDING'");
    first.service.child.kill('SIGTERM');
    expect(await first.service.exited).toEqual({ code: 0, signal: null });

    const after = await db.query<{ id: string; status: string }>('SELECT id, status::text FROM outbound_message');
    const sent = after.filter((row) => row.status === 'SENT').map((row) => row.id);
    expect(sent.sort()).toEqual(inFlight.map((row) => row.id).sort());
    expect(after.filter((row) => row.status === 'QUEUED')).toHaveLength(8);
    expect(peer.received).toHaveLength(4);
    const jobs = await db.query<{ state: string; count: number }>(
      "SELECT state::text, count(*)::int AS count FROM pgboss.job WHERE name = 'outbound-delivery' GROUP BY state ORDER BY state::text",
    );
    expect(jobs).toEqual([
      { state: 'completed', count: 4 },
      { state: 'created', count: 8 },
    ]);

    const second = await startInstance('second', db.url, SETTINGS);
    started.push(second);
    await waitUntil('the rest is delivered after the next start', async () => ((await rows?.countByStatus())?.SENT ?? 0) === 12, 30_000, 100);
    const { distinct, duplicates } = arrivals(peer.received.map((message) => message.messageId));
    expect(distinct).toBe(accepted.length);
    expect(duplicates).toBe(0);
  });
});
