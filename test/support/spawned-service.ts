import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The compiled service, built by `npm test` (or `npm run build`) before jest runs. */
export const MAIN = path.resolve(__dirname, '../../dist/main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned process whose stdout lines can be awaited as they arrive. */
export interface SpawnedService {
  readonly child: ChildProcess;
  /** Every complete stdout line so far, with the time it arrived here. */
  readonly lines: { text: string; at: number }[];
  stderr: string;
  readonly exited: Promise<Exit>;
  /**
   * Resolves with the first line from the `from`-th on (already received or still to come) that
   * matches; rejects when the process exits first or after `timeoutMs`.
   */
  line(matches: (text: string) => boolean, what: string, timeoutMs?: number, from?: number): Promise<{ text: string; at: number }>;
}

/**
 * Spawns `command` with stdout and stderr piped, in a process group of its own so that
 * {@link killGroup} also ends what it started (an embedded PostgreSQL's initdb).
 */
export function spawnService(command: string, args: readonly string[], env: NodeJS.ProcessEnv): SpawnedService {
  const child = spawn(command, args, { cwd: path.resolve(__dirname, '../..'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waiters = new Set<(line: { text: string; at: number }) => void>();
  const service: SpawnedService = {
    child,
    lines: [],
    stderr: '',
    exited,
    line(matches, what, timeoutMs = 30_000, from = 0) {
      const seen = service.lines.slice(from).find((line) => matches(line.text));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = () => {
          waiters.delete(waiter);
          clearTimeout(timer);
        };
        const waiter = (line: { text: string; at: number }) => {
          if (!matches(line.text)) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no stdout line ${what} within ${timeoutMs} ms\n${transcript(service)}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((exit) => {
          if (!waiters.has(waiter)) return;
          done();
          reject(new Error(`the process exited (${JSON.stringify(exit)}) before a stdout line ${what}\n${transcript(service)}`));
        });
      });
    },
  };
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const at = Date.now();
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) {
      const line = { text, at };
      service.lines.push(line);
      for (const waiter of [...waiters]) waiter(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (service.stderr += chunk.toString('utf8')));
  return service;
}

/** The end of what the process wrote, for failure messages. */
export function transcript(service: SpawnedService): string {
  const stdout = service.lines.map((line) => line.text).join('\n');
  return `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${service.stderr.slice(-4000)}`;
}

/** SIGKILL to the process and everything in its group; resolves once the process is gone. */
export async function killGroup(service: SpawnedService, signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
  const pid = service.child.pid;
  if (pid !== undefined && service.child.exitCode === null && service.child.signalCode === null) {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
  return service.exited;
}
