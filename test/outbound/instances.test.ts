/**
 * Three built service processes on one database deliver a thousand messages while the settings
 * change every second; then the same with one instance killed (SIGKILL) mid-batch.
 */
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { killGroup, MAIN } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { arrivals, changeSettingsEvery, pointInstancesAt, startInstance, stopInstances, type Instance } from './service-instances';

jest.setTimeout(240_000);

const MESSAGES = 1_000;
const CONCURRENCY = 4;
const SETTINGS = {
  OUTBOUND_CONCURRENCY: String(CONCURRENCY),
  OUTBOUND_POLL_INTERVAL_MS: '100',
  // A killed instance's attempts come back after 5 s; maintenance looks every second.
  OUTBOUND_ATTEMPT_LEASE_SECONDS: '5',
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1',
  OUTBOUND_RETRY_BASE_MS: '200',
  OUTBOUND_RETRY_MAX_MS: '2000',
};

describe('three instances on one database', () => {
  let db: TestDatabase;
  let peer: SmtpPeer;
  let instances: Instance[] = [];
  const instance = (index: number): Instance => {
    const found = instances[index];
    if (!found) throw new Error(`instance ${index} did not start`);
    return found;
  };
  let rows: OutboundRows | undefined;

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
  });
  beforeEach(async () => {
    db = await createTestDatabase();
    // A few milliseconds per message at the server keep sends in flight on every instance.
    peer = await startSmtpPeer({ dataDelayMs: () => Math.floor(Math.random() * 6) });
    instances = [];
    // The first one installs the queue's schema; then the others start together.
    instances.push(await startInstance('a', db.url, SETTINGS));
    instances.push(...(await Promise.all(['b', 'c'].map((name) => startInstance(name, db.url, SETTINGS)))));
    await pointInstancesAt(instance(0), peer.port, 'round0.outbound.test');
    rows = await OutboundRows.standalone(db.url);
  });
  afterEach(async () => {
    await rows?.close();
    await stopInstances(instances);
    await peer?.close();
    await db?.drop();
  });

  async function allSent(): Promise<void> {
    await waitUntil(`all ${MESSAGES} messages are SENT`, async () => ((await rows?.countByStatus())?.SENT ?? 0) === MESSAGES, 150_000, 250);
  }

  it('delivers every one of 1,000 messages exactly once while the settings change every second', async () => {
    const changes = changeSettingsEvery(instance(0), peer.port, 1_000);
    const started = Date.now();
    const accepted = await rows?.acceptMany(MESSAGES, (index) => ({ to: [`rcpt${index}@outbound.test`] }));
    await allSent();
    const seconds = (Date.now() - started) / 1000;
    const versions = await changes.stop();
    const { distinct, duplicates } = arrivals(peer.received.map((message) => message.messageId));
    expect(distinct).toBe(MESSAGES);
    expect(duplicates).toBe(0);
    expect(new Set(peer.received.map((message) => message.messageId))).toEqual(new Set(accepted?.map((row) => row.messageId)));
    // Delivered through several settings versions, each recorded on its row.
    const used = await db.query<{ versions: number }>('SELECT count(DISTINCT settings_version)::int AS versions FROM outbound_message');
    expect(used[0]?.versions).toBeGreaterThan(1);
    // Every instance worked the queue.
    for (const instance of instances) expect(instance.service.lines.some((line) => line.text.includes('outbound delivery attempt'))).toBe(true);
    console.info(
      `3 instances: ${MESSAGES} messages delivered in ${seconds.toFixed(1)} s (${(MESSAGES / seconds).toFixed(0)}/s), ${versions.length} settings versions, 0 duplicates`,
    );
  });

  it('delivers all of them with one instance killed mid-batch; duplicates at most its sends in flight', async () => {
    const changes = changeSettingsEvery(instance(0), peer.port, 1_000);
    const accepting = rows?.acceptMany(MESSAGES, (index) => ({ to: [`rcpt${index}@outbound.test`] }));
    await peer.waitFor(MESSAGES * 0.3, 120_000);
    const victim = instance(2);
    await killGroup(victim.service, 'SIGKILL');
    const deliveredAtKill = peer.received.length;
    await accepting;
    await allSent();
    await changes.stop();
    const { distinct, duplicates } = arrivals(peer.received.map((message) => message.messageId));
    expect(distinct).toBe(MESSAGES);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    const [stuck] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM outbound_message WHERE status <> 'SENT'");
    expect(stuck?.count).toBe(0);
    console.info(
      `SIGKILL of 1 of 3 instances after ${deliveredAtKill} of ${MESSAGES} delivered: all delivered, ${duplicates} duplicate(s) (bound: ${CONCURRENCY})`,
    );
  });
});
