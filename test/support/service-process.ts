/**
 * The built entry points (`dist/main.js`, `dist/migrate.js`, `dist/rotate-secrets.js`) run as a user
 * runs them, as child processes with their own data directory, and what they leave behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const SCRIPTS = {
  main: path.join(ROOT, 'dist', 'main.js'),
  migrate: path.join(ROOT, 'dist', 'migrate.js'),
  rotate: path.join(ROOT, 'dist', 'rotate-secrets.js'),
} as const;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<Exit>;
}

/** Variables the children must not inherit from the test run: settings, and npm's (a child started by `npm test` is not started by npm). */
function inherited(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'USER'];
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => keep.includes(entry[0]) && entry[1] !== undefined));
}

export function assertBuilt(): void {
  if (!existsSync(SCRIPTS.main)) throw new Error(`${SCRIPTS.main} is missing: run the tests with \`npm test\`, which builds dist/ first`);
}

/** Starts `node <script>` with exactly `env` (plus PATH and HOME). */
export function spawnScript(script: string, env: Record<string, string>, command: string[] = [process.execPath, script]): ServiceProcess {
  const [file = process.execPath, ...args] = command;
  const child = spawn(file, args, { cwd: ROOT, env: { ...inherited(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const service: ServiceProcess = { child, stdout: '', stderr: '', exited };
  child.stdout?.on('data', (chunk: Buffer) => (service.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (service.stderr += chunk.toString('utf8')));
  return service;
}

export function output(service: ServiceProcess): string {
  return `--- stdout ---\n${service.stdout.slice(-4000)}\n--- stderr ---\n${service.stderr.slice(-4000)}`;
}

function timeout<T>(ms: number, what: () => string): Promise<T> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what()} within ${ms} ms`)), ms).unref());
}

/** The exit, or a failure with the output when the process is still running after `ms`. */
export function exitWithin(service: ServiceProcess, ms: number): Promise<Exit> {
  return Promise.race([service.exited, timeout<Exit>(ms, () => `the process did not exit\n${output(service)}\n`)]);
}

/** Waits for a condition on the process (its output, a file it writes); fails early when it exits first. */
export async function waitFor(service: ServiceProcess, what: string, condition: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  let exit: Exit | undefined;
  void service.exited.then((e) => (exit = e));
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (exit) throw new Error(`the process exited (${JSON.stringify(exit)}) before ${what}\n${output(service)}`);
    if (Date.now() > deadline) throw new Error(`not ${what} within ${ms} ms\n${output(service)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until `/readyz` answers 200. */
export function waitUntilReady(service: ServiceProcess, baseUrl: string, ms = 60_000): Promise<void> {
  return waitFor(
    service,
    'ready',
    () =>
      fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status === 200,
        () => false,
      ),
    ms,
  );
}

/** A fresh data directory PostgreSQL (as user `postgres` when we are root) can traverse. */
export async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-session-life-'));
  await chmod(dir, 0o755);
  return dir;
}

export function postmasterPidFile(dataDir: string): string {
  return path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
}

/** Processes (pid and command line) whose command line names `dataDir`: a PostgreSQL still running on it. */
export async function processesOn(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(dataDir)) found.push(`${entry}: ${commandLine.replace(/\0/g, ' ')}`);
  }
  return found;
}

/** Last resort after a test: SIGKILL the process and stop the PostgreSQL it left. */
export async function killAndClean(service: ServiceProcess, dataDir: string): Promise<void> {
  service.child.kill('SIGKILL');
  await service.exited;
  const pid = Number((await readFile(postmasterPidFile(dataDir), 'utf8').catch(() => '')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  }
}
