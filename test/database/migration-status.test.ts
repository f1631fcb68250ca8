import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { migrationsApplied } from '../../src/platform/database/migration-status';
import { migrate } from '../../src/platform/database/migrator';
import { createEmptyDatabase, type TestDatabase } from '../support/database';

describe('the migrations readiness check', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let shipped: string[];
  beforeEach(async () => {
    db = await createEmptyDatabase();
    const result = await migrate(db.url);
    shipped = [...result.alreadyApplied, ...result.applied];
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterEach(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('is ready when every shipped migration is recorded as finished', async () => {
    expect(shipped.length).toBeGreaterThan(0);
    await expect(migrationsApplied(prisma, shipped)).resolves.toBe(true);
  });

  it('is not ready when a shipped migration is missing from _prisma_migrations', async () => {
    await db.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [shipped.at(-1)]);
    await expect(migrationsApplied(prisma, shipped)).resolves.toBe(false);
  });

  it('is not ready when a migration is unfinished or rolled back', async () => {
    await db.query('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1', [shipped[0]]);
    await expect(migrationsApplied(prisma, shipped)).resolves.toBe(false);
    await db.query('UPDATE _prisma_migrations SET finished_at = now(), rolled_back_at = now() WHERE migration_name = $1', [shipped[0]]);
    await expect(migrationsApplied(prisma, shipped)).resolves.toBe(false);
  });
});
