import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Client as WsClient } from 'graphql-ws';
import type { App, buildApp as BuildApp } from '../src/app';
import { createLogger } from '../src/platform/logging/logger';
import { selfSignedCertificate } from '../test/support/certificates';
import { startDovecot, type DovecotPeer } from '../test/support/dovecot';
import { imapClient } from '../test/support/imap-client';
import { ownCpuMs, parentOf, treeCpuMs } from './support/cpu';
import { stopIfInterrupted } from './support/interrupt';

/** CPU used so far (ms): this process (the service runs in it), PostgreSQL's processes, and this process's other children (Dovecot). */
interface CpuSnapshot {
  node: number;
  postgres: number;
  dovecot: number;
}

function cpuSnapshot(postmaster: number | undefined): CpuSnapshot {
  return {
    node: ownCpuMs(),
    postgres: postmaster === undefined ? Number.NaN : treeCpuMs(postmaster),
    dovecot: treeCpuMs(process.pid, { withoutRoot: true, exclude: postmaster === undefined ? [] : [postmaster] }),
  };
}

/** CPU ms per message between two snapshots, per side and in all. */
function cpuPerMessage(before: CpuSnapshot, after: CpuSnapshot, messages: number) {
  const per = (key: keyof CpuSnapshot) => (after[key] - before[key]) / messages;
  return { node: per('node'), postgres: per('postgres'), dovecot: per('dovecot'), total: per('node') + per('postgres') + per('dovecot') };
}

/** Microseconds on the clock V8's CPU profiles use (CLOCK_MONOTONIC), to cut a profile to a window. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** A plain imapflow read of the whole mailbox (connect, login, EXAMINE, one FETCH of every source): the baseline. */
async function plainFetch(
  dovecot: DovecotPeer,
  postmaster?: number,
): Promise<{ messages: number; lastUid: number; seconds: number; cpuMsPerMessage: ReturnType<typeof cpuPerMessage> }> {
  const cpu = cpuSnapshot(postmaster);
  const started = performance.now();
  const client = await imapClient(dovecot);
  await client.mailboxOpen('INBOX', { readOnly: true });
  let messages = 0;
  let lastUid = 0;
  for await (const message of client.fetch('1:*', { uid: true, source: true })) {
    if (message.source) messages++;
    lastUid = Math.max(lastUid, message.uid);
  }
  const seconds = (performance.now() - started) / 1000;
  await client.logout();
  return { messages, lastUid, seconds, cpuMsPerMessage: cpuPerMessage(cpu, cpuSnapshot(postmaster), messages) };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Resolves the waiter registered under a key when that key is reported; a report with no waiter yet is kept. */
class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();

  report(key: string, at: number): void {
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(at);
    } else this.seen.set(key, at);
  }

  /** When `key` was reported (now or later); fails after `ms`. */
  when(key: string, ms: number): Promise<number> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${key}: not reported within ${ms} ms`)), ms);
      this.waiters.set(key, (when) => {
        clearTimeout(timer);
        resolve(when);
      });
    });
  }
}

/**
 * The application's view: an `inboundMessageReceived` subscription over graphql-ws (a receiver
 * token), each event reported by its subject the moment it arrives.
 */
async function subscribeAsApplication(graphqlUrl: string, token: string, arrivals: Arrivals): Promise<WsClient> {
  const { createClient } = await import('graphql-ws');
  const { default: WebSocket } = await import('ws');
  const client = createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  client.subscribe<{ inboundMessageReceived: { subject: string | null } }>(
    { query: 'subscription { inboundMessageReceived { id subject } }' },
    {
      next: (result) => {
        const subject = result.data?.inboundMessageReceived.subject;
        if (subject) arrivals.report(subject, performance.now());
      },
      error: (error) => process.stderr.write(`inboundMessageReceived failed: ${JSON.stringify(error)}\n`),
      complete: () => undefined,
    },
  );
  return client;
}

/**
 * The floor Dovecot sets: a plain imapflow client in IDLE on the same folder, each EXISTS reported
 * by the message count it announces. Dovecot (mailbox-watch.c, NOTIFY_DELAY_MSECS) waits 500 ms
 * after a change to a watched Maildir before it tells an IDLE session, so that a burst of
 * deliveries is announced once: no IDLE client of Dovecot hears of a delivery sooner.
 */
async function idleWatcher(dovecot: DovecotPeer, arrivals: Arrivals) {
  const client = await imapClient(dovecot);
  await client.mailboxOpen('INBOX', { readOnly: true });
  client.on('exists', (update: { count: number }) => arrivals.report(`exists ${update.count}`, performance.now()));
  void client.idle().catch(() => undefined);
  return client;
}

/**
 * Issue 17's figures. Throughput: messages/s from a full Dovecot mailbox into `inbound_message`
 * (parsed, one row each, from the settings change to the last row committed) against a plain
 * imapflow fetch of the same mailbox in the same run. Latency with IDLE: from Dovecot's delivery
 * (the APPEND answered) to the `inboundMessageReceived` event at a graphql-ws client, as the
 * application sees it; beside it the same delivery to the EXISTS a plain imapflow IDLE client gets.
 */
export async function inboundRead(buildApp: typeof BuildApp, adminUrl: string, mailboxSize: number, deliveries: number, warmReads: number) {
  const certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
  const dovecot = await startDovecot({ certificate, seed: mailboxSize });
  const forgetDovecot = stopIfInterrupted(() => dovecot.stop());
  const database = `mail_session_bench_inbound_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const receiverToken = randomBytes(24).toString('hex');
  let app: App | undefined;
  let forgetApp: () => void = () => undefined;
  let subscriber: WsClient | undefined;
  let watcher: Awaited<ReturnType<typeof idleWatcher>> | undefined;
  const db = new Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    let postmaster: number | undefined;
    try {
      postmaster = parentOf(Number((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid));
    } catch {
      postmaster = undefined; // a PostgreSQL on another machine (DATABASE_URL): its CPU is not measured
    }
    // Twice, the first warming Dovecot's index and the page cache as the service's read would.
    await plainFetch(dovecot);
    const plain = await plainFetch(dovecot, postmaster);
    app = await buildApp({
      databaseUrl,
      secretKey: { id: 'bench', key: randomBytes(32) },
      authTokens: [{ name: 'bench-receiver', role: 'receiver', token: receiverToken }],
      logger: createLogger('warn'),
      introspection: false,
      landingPage: false,
      reconcileIntervalMs: 30_000,
      listenerReconnectMs: 1_000,
      shutdownTimeoutMs: 10_000,
      // The default failover time: a shorter one lets a lock check that a loaded machine delays
      // hand the lock over mid-read, and the read starts over (it did, at a load average of 11).
      inboundReader: { failoverMs: 10_000, pollIntervalMs: 600_000, maxMessageBytes: 25 * 1024 * 1024 },
    });
    const built = app;
    forgetApp = stopIfInterrupted(() => built.close());
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inbound_message')).rows[0]?.n);
    // Read-only, the folder's cursor passes each batch in the transaction that stores its rows, in
    // UID order: the last UID there means every row is committed. A point read of one row, where
    // counting the growing table every few milliseconds took the CPU the read needs (the baseline
    // has no watcher); the count is checked once, after.
    const lastStored = async () => Number((await db.query<{ uid: string | null }>('SELECT max(last_uid) AS uid FROM inbound_cursor')).rows[0]?.uid ?? 0);
    const readerUp = performance.now();
    while (app.inbound?.reading !== true && performance.now() - readerUp < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
    const admin = { name: 'bench', roles: ['admin' as const] };
    // Read-only (the folder keeps its messages, so an EXISTS count names each delivery). With
    // deleteAfterFetch (the default) the rows commit as soon; deleting follows, after the figures.
    const mailbox = {
      protocol: 'IMAP' as const,
      host: '127.0.0.1',
      port: dovecot.ports.imap,
      security: 'NONE' as const,
      user: dovecot.user,
      password: dovecot.password,
      deleteAfterFetch: false,
    };
    /** From the settings change that points the reader at the mailbox to the last row committed. */
    const read = async () => {
      const cpu = cpuSnapshot(postmaster);
      const windowStart = monotonicMicros();
      const started = performance.now();
      await app?.mailSession.update({ incoming: mailbox }, admin);
      while ((await lastStored()) < plain.lastUid) await new Promise((resolve) => setTimeout(resolve, 5));
      const seconds = (performance.now() - started) / 1000;
      const rows = await count();
      if (rows !== mailboxSize) throw new Error(`the read stored ${rows} messages of ${mailboxSize}`);
      return { seconds, cpu: cpuPerMessage(cpu, cpuSnapshot(postmaster), mailboxSize), windowMicros: [windowStart, monotonicMicros()] };
    };
    // The first read after the instance became the poller: its parse worker's code is cold.
    const first = await read();
    const serviceSeconds = first.seconds;
    const serviceCpu = first.cpu;
    const readWindowMicros = first.windowMicros;
    // The same mailbox read again by the same poller, as the baseline is measured on its second
    // fetch: the reader is turned off, its rows and cursor deleted, and it is pointed back.
    const warm: Awaited<ReturnType<typeof read>>[] = [];
    for (let round = 0; round < warmReads; round++) {
      await app.mailSession.update({ incoming: { host: null, clearPassword: true } }, admin);
      const off = performance.now();
      while (app.inbound?.status()?.mailbox !== null && performance.now() - off < 10_000) await new Promise((resolve) => setTimeout(resolve, 10));
      await db.query('DELETE FROM inbound_message');
      await db.query('DELETE FROM inbound_cursor');
      warm.push(await read());
    }

    const arrivals = new Arrivals();
    subscriber = await subscribeAsApplication(`${address}/graphql`, receiverToken, arrivals);
    const subscribed = performance.now();
    while (app.inboundMail.messages.subscribers === 0) {
      if (performance.now() - subscribed > 10_000) throw new Error('the inboundMessageReceived subscription did not start');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    watcher = await idleWatcher(dovecot, arrivals);
    const sender = await imapClient(dovecot);
    const toEvent: number[] = [];
    const toExists: number[] = [];
    for (let i = 0; i < deliveries; i++) {
      const subject = `latency ${i}`;
      const raw = `From: bench@example.com\r\nTo: alice@example.com\r\nSubject: ${subject}\r\nMessage-ID: <latency-${i}-${randomBytes(4).toString('hex')}@bench>\r\n\r\nhello ${i}\r\n`;
      await sender.append('INBOX', raw);
      const delivered = performance.now();
      const [event, exists] = await Promise.all([arrivals.when(subject, 20_000), arrivals.when(`exists ${mailboxSize + i + 1}`, 20_000)]);
      toEvent.push(event - delivered);
      toExists.push(exists - delivered);
      // Both readers back in IDLE before the next delivery: one that arrives while the service
      // is still storing the last is seen at once, without IDLE (and without Dovecot's delay).
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await sender.logout();
    toEvent.sort((a, b) => a - b);
    toExists.sort((a, b) => a - b);
    const plainPerSecond = plain.messages / plain.seconds;
    const servicePerSecond = mailboxSize / serviceSeconds;
    return {
      mailboxSize,
      plainMessagesPerSecond: plainPerSecond,
      serviceMessagesPerSecond: servicePerSecond,
      ratio: servicePerSecond / plainPerSecond,
      plainCpuMsPerMessage: plain.cpuMsPerMessage,
      serviceCpuMsPerMessage: serviceCpu,
      // The same read again, the poller's code warm (as the baseline's second fetch is).
      warmMessagesPerSecond: warm.map((each) => mailboxSize / each.seconds),
      warmRatios: warm.map((each) => mailboxSize / each.seconds / plainPerSecond),
      warmCpuMsPerMessage: warm.map((each) => each.cpu),
      readWindowMicros,
      deliveries,
      deliveryToEventP50Ms: percentile(toEvent, 50),
      deliveryToEventP99Ms: percentile(toEvent, 99),
      deliveryToPlainExistsP50Ms: percentile(toExists, 50),
      deliveryToPlainExistsP99Ms: percentile(toExists, 99),
    };
  } finally {
    await subscriber?.dispose();
    await watcher?.logout().catch(() => undefined);
    await db.end().catch(() => undefined);
    await app?.close();
    forgetApp();
    await dovecot.stop();
    forgetDovecot();
    const cleanup = new Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await cleanup.end();
  }
}
