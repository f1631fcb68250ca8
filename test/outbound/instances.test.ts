/**
 * Three built service processes on one database: an application sends a thousand messages through
 * sendEmail over HTTP, spread over the three, while they deliver and while the settings change
 * every second; each answered message must reach the peer, counted there by Message-ID. Then the
 * same with one instance killed (SIGKILL) mid-batch.
 */
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { killGroup, MAIN } from '../support/spawned-service';
import { ApiSender } from './api-sender';
import { deliveryLedger, drained } from './delivery-ledger';
import { changeSettingsEvery, pointInstancesAt, startInstance, stopInstances, type Instance } from './service-instances';

jest.setTimeout(240_000);

const MESSAGES = 1_000;
/** Requests in flight at once, over the three instances. */
const PARALLEL = 12;
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

describe('three instances on one database, fed through sendEmail', () => {
  let db: TestDatabase;
  let peer: SmtpPeer;
  let instances: Instance[] = [];
  const instance = (index: number): Instance => {
    const found = instances[index];
    if (!found) throw new Error(`instance ${index} did not start`);
    return found;
  };

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
  });
  afterEach(async () => {
    await stopInstances(instances);
    await peer?.close();
    await db?.drop();
  });

  it('delivers every message sendEmail accepted exactly once, accepting while delivering and while the settings change every second', async () => {
    const changes = changeSettingsEvery(instance(0), peer.port, 1_000);
    const started = Date.now();
    const sender = new ApiSender({ count: MESSAGES, parallel: PARALLEL, targets: () => instances });
    await sender.done;
    const acceptedIn = (Date.now() - started) / 1000;
    const deliveredWhileAccepting = peer.received.length;
    const final = await drained(db, 150_000);
    const seconds = (Date.now() - started) / 1000;
    const versions = await changes.stop();

    // Every request answered at its first try, each with a message of its own.
    expect(sender.refusals).toEqual([]);
    expect(sender.answers.size).toBe(MESSAGES);
    expect(new Set([...sender.answers.values()].map((answer) => answer.messageId)).size).toBe(MESSAGES);
    expect([...sender.answers.values()].filter((answer) => answer.duplicate)).toEqual([]);
    // Accepting and delivering went on at once: mail left before the last request was answered.
    expect(deliveredWhileAccepting).toBeGreaterThan(0);
    const ledger = deliveryLedger(peer.received, sender.answers);
    expect(ledger).toEqual({ distinct: MESSAGES, duplicates: 0, duplicated: [], missing: [], unanswered: [], twice: [] });
    // Every row SENT, and no row beyond those answered.
    expect(final).toEqual({ SENT: MESSAGES });
    // Delivered through several settings versions, each recorded on its row.
    const used = await db.query<{ versions: number }>('SELECT count(DISTINCT settings_version)::int AS versions FROM outbound_message');
    expect(used[0]?.versions).toBeGreaterThan(1);
    // Every instance accepted and every instance worked the queue.
    for (const each of instances) {
      expect([...sender.answers.values()].some((answer) => answer.instance === each.name)).toBe(true);
      expect(each.service.lines.some((line) => line.text.includes('outbound delivery attempt'))).toBe(true);
    }
    console.info(
      `3 instances: ${MESSAGES} messages accepted through sendEmail in ${acceptedIn.toFixed(1)} s (${deliveredWhileAccepting} delivered meanwhile), ` +
        `all delivered after ${seconds.toFixed(1)} s (${(MESSAGES / seconds).toFixed(0)}/s), ${versions.length} settings versions, 0 duplicates`,
    );
  });

  it('delivers every answered message with one instance killed mid-batch; a duplicate only of a send the killed instance had in flight, at most its concurrency', async () => {
    const changes = changeSettingsEvery(instance(0), peer.port, 1_000);
    let live = [...instances];
    const sender = new ApiSender({ count: MESSAGES, parallel: PARALLEL, targets: () => live });
    // Mid-batch: requests in flight to every instance, deliveries under way on every instance.
    const victim = instance(2);
    await sender.whenAnswered(MESSAGES * 0.4, 120_000);
    await victim.service.line((text) => text.includes('outbound delivery attempt'), 'of a delivery by the instance to be killed', 60_000);
    await killGroup(victim.service, 'SIGKILL');
    live = live.filter((each) => each !== victim);
    const answeredAtKill = sender.answers.size;
    const deliveredAtKill = peer.received.length;
    // What the killed instance left unfinished stays SENDING until its lease runs out (5 s).
    const sendingAtKill = await db.query<{ message_id: string; attempts: number }>(
      "SELECT message_id, attempts FROM outbound_message WHERE status = 'SENDING'",
    );
    await sender.done;
    const answered = sender.answers.size;
    const final = await drained(db, 150_000);
    await changes.stop();

    expect(answered).toBe(MESSAGES);
    expect(answeredAtKill).toBeLessThan(MESSAGES);
    expect(deliveredAtKill).toBeGreaterThan(0);
    const ledger = deliveryLedger(peer.received, sender.answers);
    expect(ledger.missing).toEqual([]);
    // Every row SENT, and none beyond those answered: a request without an answer was sent again with
    // its key, and found its first message if that had committed.
    expect(final).toEqual({ SENT: answered });
    expect(ledger.unanswered).toEqual([]);
    expect(ledger.twice).toEqual([]);
    expect(ledger.distinct).toBe(MESSAGES);
    // A duplicate can only be a send the killed instance had in flight (250 received, not recorded).
    const inFlight = new Set(sendingAtKill.map((row) => row.message_id));
    expect(ledger.duplicated.filter((id) => !inFlight.has(id))).toEqual([]);
    expect(ledger.duplicates).toBeLessThanOrEqual(CONCURRENCY);
    // Those of its messages another instance took over: attempted once more than when it died.
    const after = await db.query<{ message_id: string; attempts: number }>('SELECT message_id, attempts FROM outbound_message WHERE message_id = ANY($1)', [
      [...inFlight],
    ]);
    const before = new Map(sendingAtKill.map((row) => [row.message_id, row.attempts]));
    const takenOver = after.filter((row) => row.attempts > (before.get(row.message_id) ?? row.attempts)).length;

    const unansweredTries = sender.retried().filter(({ refusals }) => refusals.some((refusal) => refusal.instance === victim.name));
    const cut = unansweredTries.filter(({ refusals }) => refusals.some((refusal) => refusal.code !== 'ECONNREFUSED'));
    const committed = cut.filter(({ answer }) => answer?.duplicate === true).length;
    expect(sender.refusals.filter((refusal) => refusal.instance !== victim.name)).toEqual([]);
    console.info(
      `SIGKILL of 1 of 3 instances after ${answeredAtKill} of ${MESSAGES} answered and ${deliveredAtKill} delivered: all ${MESSAGES} delivered; ` +
        `${ledger.duplicates} duplicate(s) (bound: ${CONCURRENCY}; ${takenOver} of its sends in flight taken over); ` +
        `${cut.length} request(s) in flight to it got no answer (${committed} had committed: the retry with the same key answered duplicate: true), ` +
        `${unansweredTries.length - cut.length} refused after it died`,
    );
  });
});
