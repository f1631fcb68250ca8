import { migrate } from '../../src/platform/database/migrator';
import { createEmptyDatabase, type TestDatabase } from '../support/database';

describe('migrator', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies every migration once and records it as Prisma Migrate does', async () => {
    const first = await migrate(db.url);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('applies each migration once when several replicas start together', async () => {
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const appliedCounts = results.map((r) => r.applied.length);
    expect(appliedCounts.filter((n) => n > 0)).toHaveLength(1);
    const [row] = await db.query<{ count: string }>('SELECT count(*) FROM _prisma_migrations');
    expect(Number(row?.count)).toBe(Math.max(...appliedCounts));
  });

  it('refuses to go on past a migration recorded as unfinished', async () => {
    await migrate(db.url);
    await db.query('UPDATE _prisma_migrations SET finished_at = NULL');
    await expect(migrate(db.url)).rejects.toThrow(/failed earlier/);
  });
});
