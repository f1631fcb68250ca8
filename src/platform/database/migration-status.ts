import type { PrismaClient } from '../../generated/prisma/client.js';

/**
 * Readiness of the schema: every migration this build ships (`expected`, as `migrate` found them)
 * is recorded as finished, and not rolled back, in `_prisma_migrations`. False when the table was
 * emptied or a migration was marked rolled back after start, or when the database cannot say.
 */
export async function migrationsApplied(prisma: Pick<PrismaClient, '$queryRaw'>, expected: readonly string[]): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.every((name) => applied.has(name));
}
