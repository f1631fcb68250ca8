import { startTcpProxy, type TcpProxy } from '../hardening/tcp-proxy';
import { selfSignedCertificate } from '../support/certificates';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDovecot, type DovecotPeer } from '../support/dovecot';
import { startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { describeDovecot, dovecotCanRun, readerSettings, readMailbox, storedCounts } from './support';

jest.setTimeout(120_000);

const MESSAGES = 1_000;

/**
 * The database cut (every connection closed, new ones refused) while the reader is storing a
 * mailbox with deleteAfterFetch: nothing is deleted on the server before it is stored, nothing is
 * lost, and once the database is back every message ends stored exactly once and gone from the server.
 */
describeDovecot('the inbound reader when the database is cut mid-mailbox', () => {
  let db: TestDatabase;
  let proxy: TcpProxy | undefined;
  let dovecot: DovecotPeer | undefined;
  let app: TestApp | undefined;

  beforeAll(async () => {
    if (!dovecotCanRun()) return;
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    dovecot = await startDovecot({ certificate: await selfSignedCertificate({ names: ['127.0.0.1'] }), seed: MESSAGES });
  });
  afterAll(async () => {
    proxy?.restore();
    await app?.close();
    await proxy?.close();
    await dovecot?.stop();
    await db?.drop();
  });

  const storedRows = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inbound_message'))[0]?.n ?? 0);

  it('deletes nothing before it is stored, loses nothing, and stores each message once after the database returns', async () => {
    if (!proxy || !dovecot) throw new Error('set-up failed');
    const peer = dovecot;
    app = await startTestApp({ databaseUrl: proxy.url, secretKey: testSecretKey(), listenerReconnectMs: 100, inboundReader: readerSettings() });
    // The invariant, sampled all along: a message is on the server or stored (read the server
    // first: a message deleted after that read was stored before it, so the row count sees it).
    const violations: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const onServer = (await peer.messages()).length;
        const stored = await storedRows();
        if (onServer + stored < MESSAGES) violations.push(`${onServer} on the server + ${stored} stored < ${MESSAGES}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await readMailbox(app, peer, { protocol: 'IMAP', deleteAfterFetch: true });
      await waitUntil('the reader is storing', async () => (await storedRows()) >= 30, 30_000, 5);
      // The cut falls on the reader's next statement on the messages' table: fetched, not yet stored.
      await proxy.cutOn('inbound_message');
      const storedAtCut = await storedRows();
      expect(storedAtCut).toBeLessThan(MESSAGES);
      const started = app;
      await waitUntil('the reader notices the database is gone', async () => /inbound reader lock (lost|connection failed)/.test(started.logs.text), 30_000);
      // Nothing stored while the database is away: the cut is real.
      expect(await storedRows()).toBe(storedAtCut);
      proxy.restore();
      await waitUntil(
        'every message is stored and gone from the server',
        async () => (await storedRows()) === MESSAGES && (await peer.messages()).length === 0,
        90_000,
        200,
      );
    } finally {
      // Stopped whichever way the test ends (the mailbox goes with Dovecot after it).
      watching = false;
      await watcher;
    }
    expect(violations).toEqual([]);
    const counts = await storedCounts(db);
    expect(counts.size).toBe(MESSAGES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (let i = 1; i <= MESSAGES; i++) expect(counts.get(`<seed-${i}@example.com>`)).toBe(1);
  });
});
