import type PgBoss from 'pg-boss';
import type { Prisma } from '../../generated/prisma/client.js';

/** An object that is not an array, Date, Buffer or null: node-postgres sends it as JSON (and arrays as arrays), so we do too. */
function isJsonValue(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}

/**
 * pg-boss's `db` option backed by a Prisma interactive transaction: the SQL pg-boss writes for a
 * job runs on the transaction's connection, so the job commits or rolls back with the caller's rows.
 */
export function transactionDb(tx: Prisma.TransactionClient): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values.map((value) => (isJsonValue(value) ? JSON.stringify(value) : value)));
      return { rows };
    },
  };
}
