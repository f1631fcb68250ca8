import { useTestApp } from '../support/test-app';

/*
 * Issue 12, item 10: /readyz's `migrations` check really checks. The app migrated its database at
 * start; when a migration it ships is no longer recorded as applied (a restore from an older dump,
 * a `prisma migrate resolve --rolled-back`), the instance is not ready, and says which check failed.
 */

const t = useTestApp({}, 'test');

async function readiness(): Promise<{ status: number; body: { status: string; checks: Record<string, boolean> } }> {
  const response = await fetch(new URL('/readyz', t.url));
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, boolean> } };
}

describe('the readiness check of the migrations', () => {
  it('passes while every shipped migration is recorded as applied', async () => {
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: true, migrations: true, changeListener: true, outboundQueue: true } },
    });
  });

  it('fails with 503 naming migrations when a shipped migration is no longer recorded as applied, and passes again once it is', async () => {
    const [last] = await t.db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1');
    if (!last) throw new Error('no migration recorded');
    await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [last.migration_name]);
    expect(await readiness()).toEqual({
      status: 503,
      body: { status: 'not ready', checks: { database: true, migrations: false, changeListener: true, outboundQueue: true } },
    });

    await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1', [last.migration_name]);
    expect((await readiness()).status).toBe(200);
  });

  it('fails when the migrations table is gone (a database restored without it)', async () => {
    await t.db.query('ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_moved');
    expect(await readiness()).toMatchObject({ status: 503, body: { checks: { database: true, migrations: false } } });
  });
});
