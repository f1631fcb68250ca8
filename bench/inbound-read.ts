import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { App, buildApp as BuildApp } from '../src/app';
import { createLogger } from '../src/platform/logging/logger';
import { selfSignedCertificate } from '../test/support/certificates';
import { startDovecot, type DovecotPeer } from '../test/support/dovecot';

async function imapClient(dovecot: DovecotPeer) {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A plain imapflow read of the whole mailbox (connect, login, EXAMINE, one FETCH of every source): the baseline. */
async function plainFetch(dovecot: DovecotPeer): Promise<{ messages: number; seconds: number }> {
  const started = performance.now();
  const client = await imapClient(dovecot);
  await client.mailboxOpen('INBOX', { readOnly: true });
  let messages = 0;
  for await (const message of client.fetch('1:*', { uid: true, source: true })) if (message.source) messages++;
  const seconds = (performance.now() - started) / 1000;
  await client.logout();
  return { messages, seconds };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Issue 17's figures. Throughput: messages/s from a full Dovecot mailbox into `inbound_message`
 * (parsed, one row each, from the settings change to the last row committed) against a plain
 * imapflow fetch of the same mailbox in the same run. Latency: from Dovecot's delivery (the
 * APPEND answered) to the row committed, with IDLE; rows are watched every 2 ms.
 */
export async function inboundRead(buildApp: typeof BuildApp, adminUrl: string, mailboxSize: number, deliveries: number) {
  const certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
  const dovecot = await startDovecot({ certificate, seed: mailboxSize });
  const database = `mail_session_bench_inbound_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  let app: App | undefined;
  const db = new Client({ connectionString: databaseUrl });
  try {
    // Twice, the first warming Dovecot's index and the page cache as the service's read would.
    await plainFetch(dovecot);
    const plain = await plainFetch(dovecot);
    app = await buildApp({
      databaseUrl,
      secretKey: { id: 'bench', key: randomBytes(32) },
      authTokens: [],
      logger: createLogger('warn'),
      introspection: false,
      landingPage: false,
      reconcileIntervalMs: 30_000,
      listenerReconnectMs: 1_000,
      shutdownTimeoutMs: 10_000,
      inboundReader: { failoverMs: 600, pollIntervalMs: 600_000, maxMessageBytes: 25 * 1024 * 1024 },
    });
    await db.connect();
    const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inbound_message')).rows[0]?.n);
    const readerUp = performance.now();
    while (app.inbound?.reading !== true && performance.now() - readerUp < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await app.mailSession.update(
      { incoming: { protocol: 'IMAP', host: '127.0.0.1', port: dovecot.ports.imap, security: 'NONE', user: dovecot.user, password: dovecot.password } },
      { name: 'bench', roles: ['admin'] },
    );
    while ((await count()) < mailboxSize) await new Promise((resolve) => setTimeout(resolve, 20));
    const serviceSeconds = (performance.now() - started) / 1000;

    const latencies: number[] = [];
    const sender = await imapClient(dovecot);
    for (let i = 0; i < deliveries; i++) {
      const raw = `From: bench@example.com\r\nTo: alice@example.com\r\nSubject: latency ${i}\r\nMessage-ID: <latency-${i}-${randomBytes(4).toString('hex')}@bench>\r\n\r\nhello ${i}\r\n`;
      const expected = mailboxSize + i + 1;
      await sender.append('INBOX', raw);
      const delivered = performance.now();
      while ((await count()) < expected) await new Promise((resolve) => setTimeout(resolve, 2));
      latencies.push(performance.now() - delivered);
    }
    await sender.logout();
    latencies.sort((a, b) => a - b);
    const plainPerSecond = plain.messages / plain.seconds;
    const servicePerSecond = mailboxSize / serviceSeconds;
    return {
      mailboxSize,
      plainMessagesPerSecond: plainPerSecond,
      serviceMessagesPerSecond: servicePerSecond,
      ratio: servicePerSecond / plainPerSecond,
      deliveries,
      deliveryToRowP50Ms: percentile(latencies, 50),
      deliveryToRowP99Ms: percentile(latencies, 99),
    };
  } finally {
    await db.end().catch(() => undefined);
    await app?.close();
    await dovecot.stop();
    const cleanup = new Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await cleanup.end();
  }
}
