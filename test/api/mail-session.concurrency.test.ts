import { Client } from 'pg';
import type { TestDatabase } from '../support/database';
import { useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { onlyError, readSession, storedState, updateOk, updateSession } from './mail-session.operations';

/**
 * Holds the settings row locked from a session of its own, runs `start`, waits until PostgreSQL
 * shows `waiters` transactions of the app blocked on that lock, then lets them all go at once.
 * Every update has then begun before any commits, so they overlap whatever the machine's load:
 * only the row lock the repository takes before it reads keeps them apart.
 */
async function heldAtTheRowLock<T>(db: TestDatabase, waiters: number, start: () => Promise<T>): Promise<T> {
  const holder = new Client({ connectionString: db.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM mail_session FOR UPDATE');
    const running = start();
    running.catch(() => undefined);
    await waitUntil(`${waiters} updates wait for the row lock`, async () => {
      // Inside a transaction, pg_stat_activity is read once and kept: ask for a fresh view each time.
      await holder.query('SELECT pg_stat_clear_snapshot()');
      // A waiter queues behind the holder or behind another waiter: count every blocked backend.
      const { rows } = await holder.query<{ blocked: string }>(
        'SELECT count(*) AS blocked FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(pid)) > 0',
      );
      return Number(rows[0]?.blocked) >= waiters;
    });
    await holder.query('COMMIT');
    return await running;
  } finally {
    await holder.end();
  }
}

describe('optimistic concurrency with expectedVersion', () => {
  const t = useTestApp();

  beforeAll(async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' } });
  });

  it('applies an update whose expectedVersion is the current version', async () => {
    const { version } = await readSession(t);
    const payload = await updateOk(t, { expectedVersion: version, outgoing: { port: 2525 } });
    expect(payload.mailSession.version).toBe(version + 1);
    expect(payload.mailSession.outgoing.port).toBe(2525);
  });

  it('refuses a stale expectedVersion with CONFLICT carrying the current version, changing nothing', async () => {
    await updateOk(t, { outgoing: { port: 587 } });
    const before = await readSession(t);
    const stored = await storedState(t.db);
    const stale = before.version - 1;

    const result = await updateSession(t, { expectedVersion: stale, outgoing: { port: 25 } });

    const error = onlyError(result);
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.currentVersion).toBe(before.version);
    expect(result.data ?? null).toBeNull();
    expect(await readSession(t)).toEqual(before);
    expect(await storedState(t.db)).toEqual(stored);
  });

  it('refuses an expectedVersion from the future with CONFLICT', async () => {
    const before = await readSession(t);
    const error = onlyError(await updateSession(t, { expectedVersion: before.version + 5, outgoing: { port: 25 } }));
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.currentVersion).toBe(before.version);
    expect((await readSession(t)).version).toBe(before.version);
  });

  it('lets exactly one of two concurrent updates with the same expectedVersion win', async () => {
    const { version } = await readSession(t);

    const results = await heldAtTheRowLock(t.db, 2, () =>
      Promise.all([
        updateSession(t, { expectedVersion: version, outgoing: { host: 'first.example.com' } }),
        updateSession(t, { expectedVersion: version, outgoing: { host: 'second.example.com' } }),
      ]),
    );

    const winners = results.filter((r) => r.errors === undefined);
    const losers = results.filter((r) => r.errors !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const [loser] = losers;
    if (!loser) throw new Error('no loser');
    const error = onlyError(loser);
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.currentVersion).toBe(version + 1);

    const winningHost = winners[0]?.data?.updateMailSession.mailSession.outgoing.host;
    const after = await readSession(t);
    expect(after.version).toBe(version + 1);
    expect(after.outgoing.host).toBe(winningHost);
    const [row] = await t.db.query<{ version: number; outgoing_host: string }>('SELECT version, outgoing_host FROM mail_session');
    expect(row).toEqual({ version: version + 1, outgoing_host: winningHost });
    const revisions = await t.db.query('SELECT version FROM mail_session_revision WHERE version > $1', [version]);
    expect(revisions).toHaveLength(1);
  });

  it('serializes concurrent updates without expectedVersion: each commits one version', async () => {
    const { version } = await readSession(t);
    const ports = [1025, 1026, 1027, 1028, 1029];

    const results = await heldAtTheRowLock(t.db, ports.length, () => Promise.all(ports.map((port) => updateSession(t, { outgoing: { port } }))));

    for (const result of results) expect(result.errors).toBeUndefined();
    const versions = results.map((r) => r.data?.updateMailSession.mailSession.version).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(versions).toEqual(ports.map((_, i) => version + i + 1));
    const after = await readSession(t);
    expect(after.version).toBe(version + ports.length);
    const last = results.find((r) => r.data?.updateMailSession.mailSession.version === after.version);
    expect(after.outgoing.port).toBe(last?.data?.updateMailSession.mailSession.outgoing.port);
  });
});
