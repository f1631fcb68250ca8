import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
// Relative imports without `.js` in this module and the ones it imports: Jest's global setup loads
// them to start the tests' PostgreSQL, without the moduleNameMapper that maps `.js` away.
import { StartupFailure } from '../lifecycle/startup-failure';
import { clearLeftoverCluster } from './embedded-postgres-leftover';
import { exists, initialiseCluster, loadBinaries, runAs } from './embedded-postgres-setup';

/** A PostgreSQL server run from the `embedded-postgres` package's binaries. */
export interface EmbeddedPostgres {
  /** Connection string for the `postgres` database of this server. */
  readonly url: string;
  /** Connection string for another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server (fast shutdown); resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (`<dir>/pgdata`) and its generated password; kept. */
  dir: string;
  port: number;
  /** PostgreSQL's own output, line by line. */
  onLog?: (line: string) => void;
  /** What start-up found and did about a cluster left by an earlier run. */
  onNotice?: (message: string, fields: object) => void;
  /** Aborting it stops a start in progress: initdb or the server is stopped and the start rejects. */
  signal?: AbortSignal;
}

/** Reads the cluster password written at first initialisation, or makes one. */
async function clusterPassword(dir: string): Promise<string> {
  const file = path.join(dir, 'postgres-password');
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

const READY = 'database system is ready to accept connections';
const FAST_SHUTDOWN_MS = 30_000;

/** Waits for the server process to exit, escalating from fast shutdown (SIGINT) to immediate (SIGQUIT) and SIGKILL. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  child.kill('SIGINT');
  if (await within(FAST_SHUTDOWN_MS)) return;
  child.kill('SIGQUIT');
  if (await within(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}

/** Why a server exited before it was ready, as a failure that names the setting to change. */
function startFailure(port: number, pgdata: string, output: string): Error {
  if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(output)) {
    return new StartupFailure(
      'EMBEDDED_POSTGRES_PORT',
      `port ${port} is already in use: stop what listens there, or set EMBEDDED_POSTGRES_PORT to a free port`,
    );
  }
  if (/lock file "postmaster.pid" already exists/.test(output)) {
    return new StartupFailure('DATA_DIR', `another PostgreSQL is running on ${pgdata}: stop it, or use another DATA_DIR`);
  }
  return new Error(`embedded PostgreSQL on port ${port} stopped before it was ready: ${output.trim().split('\n').slice(-5).join(' | ')}`);
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dir`, listening on localhost only.
 * PostgreSQL refuses to run as root, so as root the cluster runs as a `postgres` system user
 * (created when missing) and `dir` is made traversable for it. The server runs in a process group
 * of its own, so a Ctrl-C reaches the service, which stops the database last, not the database first.
 * A cluster left by an earlier run is dealt with first (see embedded-postgres-leftover.ts).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.onLog ?? (() => undefined);
  const notice = options.onNotice ?? (() => undefined);
  const binaries = await loadBinaries();
  const user = await runAs();
  await mkdir(options.dir, { recursive: true });
  if (user.uid !== undefined) await chmod(options.dir, 0o755);
  const pgdata = path.join(options.dir, 'pgdata');
  const password = await clusterPassword(options.dir);
  await initialiseCluster(binaries, options.dir, password, user, options.signal, log);
  await clearLeftoverCluster({ binaries, pgdata, user, notice });
  options.signal?.throwIfAborted();

  // lc_messages=C: start-up reads the server's messages, in English whatever the locale.
  const args = ['-D', pgdata, '-p', String(options.port), '-c', 'listen_addresses=localhost', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'];
  const child = spawn(binaries.postgres, args, {
    ...user,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopServer(child));
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output = (output + text).slice(-8000);
        for (const line of text.split('\n')) if (line.trim()) log(line.trim());
        if (output.includes(READY)) resolve();
      });
      child.once('error', reject);
      child.once('exit', () => reject(startFailure(options.port, pgdata, output)));
      options.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error), { once: true });
    });
    options.signal?.throwIfAborted();
  } catch (error) {
    await stop();
    throw error;
  }
  const urlFor = (database: string) => `postgresql://postgres:${encodeURIComponent(password)}@localhost:${options.port}/${database}`;
  return { url: urlFor('postgres'), urlFor, stop };
}
