import { integer, type Env } from './env-values.js';

/** How long start-up waits for an unreachable database by default: long enough for a database started alongside. */
export const DEFAULT_DATABASE_CONNECT_TIMEOUT_MS = 30_000;

/**
 * `DATABASE_CONNECT_TIMEOUT_MS`: how long start-up (and `migrate`, `secrets:rotate`) keeps retrying a
 * database that cannot be reached (connection refused, host not found, no answer), so that a service
 * started together with its database waits for it. `0`: one attempt.
 */
export function databaseConnectTimeoutFrom(env: Env): number {
  return integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_CONNECT_TIMEOUT_MS, 0, 3_600_000);
}
