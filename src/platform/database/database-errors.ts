import { Prisma } from '../../generated/prisma/client.js';
import { UnavailableError } from '../errors/domain-errors.js';

/**
 * Prisma and driver error codes that mean "the database cannot be reached or did not answer in
 * time" (as opposed to a bug or a constraint violation): P1001 can't reach, P1002 timed out,
 * P1008 operation timed out, P1017 server closed the connection, P2024 pool timeout.
 */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Kinds @prisma/adapter-pg gives socket errors (ECONNREFUSED, ENOTFOUND, ECONNRESET, ETIMEDOUT). */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const record = current as { code?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const value of [record.code, record.kind, record.originalCode]) if (typeof value === 'string') codes.push(value);
    // A raw query's failure (P2010) carries the adapter's error in `meta`, not in `cause`:
    // `{ driverAdapterError: { cause: { kind: 'ConnectionClosed' } } }`.
    current = record.cause ?? record.meta?.driverAdapterError;
  }
  return codes;
}

/** True when `error` says the database is unreachable, whatever layer raised it. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_PRISMA_CODES.has(error.code)) return true;
  const codes = causeCodes(error);
  if (codes.some((code) => UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_ADAPTER_KINDS.has(code))) return true;
  // node-postgres reports a connection that dropped mid-query as a plain Error with no code at
  // all (`Connection terminated unexpectedly`, `... due to connection timeout`), and a query on a
  // client whose connection dropped before it as `Client has encountered a connection error and
  // is not queryable`: the cases only their text identifies, and only when nothing in the chain
  // carries a code.
  return (
    codes.length === 0 &&
    error instanceof Error &&
    (error.message.startsWith('Connection terminated') || error.message.startsWith('Client has encountered a connection error'))
  );
}

/**
 * The one place database errors are translated: unreachable → `UNAVAILABLE` (nothing changed);
 * everything else propagates unchanged, to be logged and masked as `INTERNAL_SERVER_ERROR`.
 */
export async function translateDatabaseErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new UnavailableError();
    throw error;
  }
}
