/**
 * The database cut mid-batch under two built service processes: an application sends through
 * sendEmail over HTTP while they deliver; during the cut sendEmail refuses with UNAVAILABLE (the
 * client sends again with the same idempotency key), the sends under way are recorded once the
 * database is back, and every message answered as accepted is delivered exactly once.
 */
import { existsSync } from 'node:fs';
import { COMMIT_OUTCOME_UNKNOWN } from '../../src/outbound/outbound-message.repository';
import { startTcpProxy, type TcpProxy } from '../hardening/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { MAIN } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { ApiSender, type Refusal } from './api-sender';
import { deliveryLedger, drained } from './delivery-ledger';
import { pointInstancesAt, startInstance, stopInstances, type Instance } from './service-instances';

jest.setTimeout(180_000);

const MESSAGES = 300;
/** UNAVAILABLE's message when the request failed before COMMIT. */
const NOTHING_CHANGED = 'The service is temporarily unavailable; nothing was changed. Try again shortly.';
/** How long the database stays away at least: the outage the test is about. */
const OUTAGE_MS = 2_000;
const SETTINGS = {
  OUTBOUND_CONCURRENCY: '4',
  OUTBOUND_POLL_INTERVAL_MS: '50',
  // Sends in flight at the cut keep their jobs (an attempt retries its database steps for 80% of the
  // lease): what they learnt is recorded after it, not taken over. A job whose fetch answer the cut
  // lost comes back after the lease: 15 s keeps that wait short.
  OUTBOUND_ATTEMPT_LEASE_SECONDS: '15',
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1',
  OUTBOUND_RETRY_BASE_MS: '200',
  OUTBOUND_RETRY_MAX_MS: '1000',
  LISTENER_RECONNECT_MS: '100',
};

describe('the database cut mid-batch', () => {
  let db: TestDatabase;
  /** Both instances reach PostgreSQL through it. */
  let proxy: TcpProxy;
  let peer: SmtpPeer;
  const instances: Instance[] = [];
  /** Set to have the peer cut the database as the next message's data arrives. */
  let cutting: (() => void) | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    peer = await startSmtpPeer({
      dataDelayMs: () => {
        if (!cutting) return Math.floor(Math.random() * 10);
        // The cut comes while the peer holds a message before its 250: that send must be recorded after it.
        proxy.cut();
        cutting();
        cutting = undefined;
        return 200;
      },
    });
    instances.push(await startInstance('a', proxy.url, SETTINGS));
    instances.push(await startInstance('b', proxy.url, SETTINGS));
    const [first] = instances;
    if (!first) throw new Error('no instance started');
    await pointInstancesAt(first, peer.port, 'cut.outbound.test');
  });
  afterAll(async () => {
    proxy?.restore();
    await stopInstances(instances);
    await proxy?.close();
    await peer?.close();
    await db?.drop();
  });

  it('refuses sendEmail with UNAVAILABLE while the database is away, records the sends under way once it is back, and delivers every accepted message once', async () => {
    const sender = new ApiSender({ count: MESSAGES, parallel: 8, targets: () => instances, retryCodes: ['UNAVAILABLE'], retryAfterMs: 100 });
    await sender.whenAnswered(MESSAGES / 4, 60_000);
    await peer.waitFor(20, 60_000);
    await new Promise<void>((resolve) => (cutting = resolve));
    const cutAt = Date.now();
    const answeredAtCut = sender.answers.size;
    const deliveredAtCut = peer.received.length;
    const refusedInCut = (): Refusal[] => sender.refusals.filter((refusal) => refusal.at >= cutAt);
    const logged = (text: string) => instances.some((each) => each.service.lines.some((line) => line.at >= cutAt && line.text.includes(text)));
    // Away until the outage has lasted and both instances refused requests.
    await waitUntil(
      'both instances refuse sendEmail',
      () => Date.now() - cutAt >= OUTAGE_MS && instances.every((each) => refusedInCut().filter((refusal) => refusal.instance === each.name).length >= 3),
      60_000,
      50,
    );
    // The send the peer held at the cut got its 250 during it: its record step met the cut and was retried.
    const recordRetried = logged('database step failed, retrying');
    const outageMs = Date.now() - cutAt;
    const deliveredInCut = peer.received.length - deliveredAtCut;
    const refusals = refusedInCut();
    proxy.restore();
    await sender.done;
    const final = await drained(db, 90_000);

    // During the cut sendEmail answered, and answered UNAVAILABLE: no hang, no masked internal error.
    expect(refusals.length).toBeGreaterThan(0);
    // A GraphQL error in a 200 response (an execution error, data null), as any resolver's.
    expect(refusals.filter((refusal) => refusal.kind !== 'error' || refusal.code !== 'UNAVAILABLE' || refusal.status !== 200)).toEqual([]);
    const unknown = refusals.filter((refusal) => refusal.message === COMMIT_OUTCOME_UNKNOWN);
    expect(refusals.filter((refusal) => refusal.message !== NOTHING_CHANGED && refusal.message !== COMMIT_OUTCOME_UNKNOWN)).toEqual([]);
    // Every request answered in the end, the ones refused after a retry with the same key.
    expect(sender.answers.size).toBe(MESSAGES);
    // Nothing answered as accepted lost; nothing delivered twice, not even a 250 received during the cut.
    const ledger = deliveryLedger(peer.received, sender.answers);
    expect(ledger).toEqual({ distinct: MESSAGES, duplicates: 0, duplicated: [], missing: [], unanswered: [], twice: [] });
    // Every row SENT, and no row beyond those answered.
    expect(final).toEqual({ SENT: MESSAGES });
    expect(recordRetried).toBe(true);
    // A request refused at the cut may still have committed (its COMMIT reached PostgreSQL, the reply
    // did not come back): then the retry with its key answers duplicate: true, and one of its
    // refusals must have said so; "nothing was changed" must never be said of a message that went out.
    const refusedThenAnswered = sender.retried();
    const committedThoughRefused = refusedThenAnswered.filter(({ answer }) => answer?.duplicate === true);
    expect(committedThoughRefused.filter(({ refusals: own }) => !own.some((refusal) => refusal.message === COMMIT_OUTCOME_UNKNOWN))).toEqual([]);
    console.info(
      `database cut for ${outageMs} ms after ${answeredAtCut} of ${MESSAGES} answered and ${deliveredAtCut} delivered; ${deliveredInCut} more reached the peer during the cut; ` +
        `${refusals.length} tries refused UNAVAILABLE (${refusedThenAnswered.length} requests, all accepted on a later try; ${unknown.length} during a COMMIT, ${committedThoughRefused.length} of which had committed); all delivered, ${ledger.duplicates} duplicates`,
    );
  });
});
