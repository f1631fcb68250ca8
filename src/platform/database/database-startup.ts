/** The database a process works on: DATABASE_URL once it answers, or the embedded PostgreSQL under DATA_DIR, started here. */
import path from 'node:path';
import type { Logger } from 'pino';
import { waitForDatabase } from './database-connect.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseStartupOptions {
  /** Unset: the embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  databaseConnectTimeoutMs: number;
  log: Logger;
  /** Aborted when the process stops: a start or wait in progress gives up. */
  signal: AbortSignal;
  /** Records what was started, to be stopped when the process stops. */
  track: (name: string, stop: () => Promise<void>) => void;
}

export interface StartedDatabase {
  readonly url: string;
  /** True for the embedded PostgreSQL. */
  readonly embedded: boolean;
}

export async function startDatabase(options: DatabaseStartupOptions): Promise<StartedDatabase> {
  const { log } = options;
  if (options.databaseUrl !== undefined) {
    await waitForDatabase(options.databaseUrl, {
      timeoutMs: options.databaseConnectTimeoutMs,
      signal: options.signal,
      onRetry: ({ attempt, retryInMs, reason, elapsedMs }) => {
        log.warn({ attempt, retryInMs, elapsedMs, reason, timeoutMs: options.databaseConnectTimeoutMs }, `database not reachable (${reason}): retrying`);
        // Progress the operator waits on: out now, not with the next batch of log lines.
        log.flush();
      },
    });
    return { url: options.databaseUrl, embedded: false };
  }
  const dir = path.resolve(options.dataDir, 'postgres');
  log.info({ dir, port: options.embeddedPostgresPort }, 'DATABASE_URL not set: starting embedded PostgreSQL');
  log.flush();
  const server = await startEmbeddedPostgres({
    dir,
    port: options.embeddedPostgresPort,
    signal: options.signal,
    onLog: (line) => log.debug({ postgres: line }),
    onNotice: (message, fields) => log.warn({ ...fields, dataDir: options.dataDir }, message),
  });
  options.track('embedded PostgreSQL', () => server.stop());
  return { url: server.urlFor('postgres'), embedded: true };
}
