import { onlyError, readSession, storedState, updateOk, updateSession } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

async function readiness(t: TestApp): Promise<{ status: number; checks: Record<string, boolean> }> {
  const response = await fetch(new URL('/readyz', t.url), { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { checks: Record<string, boolean> };
  return { status: response.status, checks: body.checks };
}

describe('the database going away and coming back', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  /** Reaches PostgreSQL through the proxy. */
  let t: TestApp;
  /** Another instance, connected directly: it keeps working while the proxy is cut. */
  let other: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    t = await startTestApp({ databaseUrl: proxy.url, instanceId: 'behind-proxy', listenerReconnectMs: 100, reconcileIntervalMs: 60_000 });
    other = await startTestApp({ databaseUrl: db.url, instanceId: 'direct' });
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' }, defaultSender: { name: 'Before' } });
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await other?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('fails a mutation cut off mid-transaction with UNAVAILABLE and commits nothing', async () => {
    const before = await storedState(db);
    // Cut the moment the app sends the UPDATE of the settings row: after BEGIN and the row lock.
    const cut = proxy.cutOn('UPDATE "public"."mail_session"');
    const result = await updateSession(t, { defaultSender: { name: 'Never stored' } });
    await cut;
    expect(onlyError(result).code).toBe('UNAVAILABLE');
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toMatch(/postgres|prisma|127\.0\.0\.1|ECONN|terminated/i);
    expect(await storedState(db)).toEqual(before);
  });

  it('while down: refuses mutations with UNAVAILABLE, serves the last applied settings, and /readyz says not ready and why', async () => {
    proxy.cut();
    const before = await storedState(db);
    const started = Date.now();
    expect(onlyError(await updateSession(t, { defaultSender: { name: 'Also never stored' } })).code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await storedState(db)).toEqual(before);

    const read = await readSession(t);
    expect(read.defaultSender.name).toBe('Before');

    await waitUntil('readyz reports the outage', async () => (await readiness(t)).status === 503);
    const ready = await readiness(t);
    expect(ready.checks).toMatchObject({ database: false, changeListener: false });
  });

  it('catches up with a change committed elsewhere while it was cut off, once the database is back', async () => {
    const changed = await updateOk(other, { defaultSender: { name: 'Changed while cut off' } });
    expect((await readSession(t)).version).toBeLessThan(changed.mailSession.version);

    proxy.restore();
    await waitUntil(
      'the change listener reconnects and the instance catches up',
      async () => (await readSession(t)).version === changed.mailSession.version,
      15_000,
    );
    expect((await readSession(t)).defaultSender.name).toBe('Changed while cut off');
    await waitUntil('readyz is green again', async () => (await readiness(t)).status === 200, 15_000);
    expect((await readiness(t)).checks).toEqual(expect.objectContaining({ database: true, changeListener: true }));
  });

  it('accepts mutations again after the outage, and other instances follow', async () => {
    const result = await updateOk(t, { defaultSender: { name: 'After' } });
    await waitUntil('the other instance follows', async () => (await readSession(other)).version === result.mailSession.version);
  });

  it('survives repeated cuts and restores in a row', async () => {
    for (let round = 0; round < 3; round++) {
      proxy.cut();
      expect(onlyError(await updateSession(t, { defaultSender: { name: `round ${round}` } })).code).toBe('UNAVAILABLE');
      proxy.restore();
      await waitUntil('ready again', async () => (await readiness(t)).status === 200, 15_000);
      const ok = await updateOk(t, { defaultSender: { name: `ok ${round}` } });
      expect(ok.mailSession.defaultSender.name).toBe(`ok ${round}`);
    }
  });
});
