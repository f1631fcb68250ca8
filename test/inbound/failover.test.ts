/**
 * One poller for the deployment: the instance holding the reader's advisory lock reads; when it
 * dies (SIGKILL, mid-fetch) or loses its lock connection, another takes over within
 * INBOUND_FAILOVER_MS, and every message is still stored exactly once.
 */
import { existsSync } from 'node:fs';
import { freePorts } from '../support/free-port';
import { killGroup, MAIN, spawnService, type SpawnedService } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { readerFixture } from './reader-fixture';
import { countStored, deliver, describeDovecot, message, readerSettings, readerView, readMailbox, storedCounts, type ReaderView } from './support';

jest.setTimeout(120_000);

const FAILOVER_MS = 1_500;
const env = readerFixture();

const rowCount = () => countStored(env.db);
const advisoryLocks = async () =>
  Number(
    (
      await env.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      )
    )[0]?.n,
  );

describeDovecot('one poller across instances', () => {
  it('only the lock holder reads; when its lock connection is cut, it stops and an instance (whichever takes the lock first) reads again within INBOUND_FAILOVER_MS', async () => {
    const dovecot = await env.startDovecot({ seed: 2 });
    const settings = readerSettings({ failoverMs: FAILOVER_MS });
    const a = await env.startApp({ instanceId: 'a', inboundReader: settings });
    await waitUntil('a holds the lock', () => a.app.inbound?.reading === true, 5_000);
    const b = await env.startApp({ instanceId: 'b', inboundReader: settings });
    await readMailbox(a, dovecot, { protocol: 'IMAP' });
    await waitUntil('the seeded messages are stored', async () => (await rowCount()) === 2, 15_000);
    // b tried the lock a few times meanwhile and never read.
    expect(b.app.inbound?.reading).toBe(false);
    expect(b.logs.text).not.toContain('inbound reader connecting');
    // Every instance shows the poller: b shows a's status, read from the database.
    let seenFromB: ReaderView | null = null;
    await waitUntil('b shows a as the poller, with its two messages', async () => {
      seenFromB = await readerView(b);
      return seenFromB?.messagesSeen === 2;
    });
    expect(seenFromB).toMatchObject({ instanceId: 'a', thisInstance: false, lastError: null, mailbox: `imap://alice@127.0.0.1:${dovecot.ports.imap}/INBOX` });
    expect(await readerView(a)).toMatchObject({ instanceId: 'a', thisInstance: true });

    const cut = Date.now();
    await env.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mail-session-reader-a'");
    await waitUntil('a noticed and stopped reading', () => a.app.inbound?.reading === false, FAILOVER_MS + 1_000);
    await waitUntil('an instance holds the lock again', () => a.app.inbound?.reading === true || b.app.inbound?.reading === true, FAILOVER_MS + 2_000);
    expect(Date.now() - cut).toBeLessThanOrEqual(FAILOVER_MS + 2_000);
    const holder = b.app.inbound?.reading === true ? b : a;
    const holderId = holder === b ? 'b' : 'a';
    const later = message('after the takeover');
    await deliver(dovecot, [later.raw]);
    await waitUntil('b stored the new message', async () => (await storedCounts(env.db)).get(later.messageId) === 1, 10_000);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
    const [poller] = await env.db.query<{ instance_id: string }>('SELECT instance_id FROM inbound_poller');
    expect(poller?.instance_id).toBe(holderId);
    await waitUntil('the holder shows itself as the poller, its count started over', async () => (await readerView(holder))?.messagesSeen === 1);
    expect(await readerView(holder)).toMatchObject({ instanceId: holderId, thisInstance: true, lastError: null });
  });

  it('does not read without an incoming server, and starts as soon as one is configured', async () => {
    const dovecot = await env.startDovecot({ seed: 1 });
    const a = await env.startApp({ instanceId: 'a', inboundReader: readerSettings() });
    await waitUntil('a is idle', () => a.logs.text.includes('inbound reader idle'), 5_000);
    await readMailbox(a, dovecot, { protocol: 'IMAP' });
    await waitUntil('the message is stored', async () => (await rowCount()) === 1, 10_000);
  });
});

describeDovecot('the poller process killed mid-fetch', () => {
  const services: SpawnedService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) await killGroup(service);
  });

  function spawn(port: number): SpawnedService {
    const own = /^(NODE_ENV|HOST|PORT|DATABASE_URL|DATA_DIR|MAIL_.*|AUTH_.*|LOG_.*|GRAPHQL_.*|SUBSCRIPTION_.*|INBOUND_.*|.*_MS)$/;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !own.test(name)));
    const service = spawnService(process.execPath, [MAIN], {
      ...inherited,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: env.db.url,
      MAIL_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUTH_TOKENS: 'admin:admin:failover-test-admin-token-0123456789',
      INBOUND_FAILOVER_MS: String(FAILOVER_MS),
      INBOUND_POLL_INTERVAL_MS: '500',
    });
    services.push(service);
    return service;
  }

  it('another instance takes over within INBOUND_FAILOVER_MS; every message is stored once and deleted only once stored; SIGTERM releases the lock', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    const peer = await env.startDovecot({ seed: 1_000 });
    const [portA = 0, portB = 0] = await freePorts(2);
    const first = spawn(portA);
    await first.line((text) => text.includes('inbound reader lock acquired'), 'taking the reader lock');
    const second = spawn(portB);
    await second.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready');
    const response = await fetch(`http://127.0.0.1:${portB}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer failover-test-admin-token-0123456789' },
      body: JSON.stringify({
        query: 'mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }',
        variables: {
          input: {
            incoming: {
              protocol: 'IMAP',
              host: '127.0.0.1',
              port: peer.ports.imap,
              security: 'NONE',
              user: peer.user,
              password: peer.password,
              deleteAfterFetch: true,
            },
          },
        },
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    await waitUntil('the first instance is storing', async () => (await rowCount()) >= 20, 30_000, 5);
    await killGroup(first);
    const killedAt = Date.now();
    const storedAtKill = await rowCount();
    expect(storedAtKill).toBeLessThan(1_000);
    const took = await second.line((text) => text.includes('inbound reader lock acquired'), 'taking over the reader lock', 10_000);
    expect(took.at - killedAt).toBeLessThanOrEqual(FAILOVER_MS + 1_000);
    await waitUntil(
      'every message is stored and gone from the server',
      async () => (await rowCount()) === 1_000 && (await peer.messages()).length === 0,
      60_000,
      200,
    );
    const counts = await storedCounts(env.db);
    expect(counts.size).toBe(1_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(await advisoryLocks()).toBe(0);
  });
});
