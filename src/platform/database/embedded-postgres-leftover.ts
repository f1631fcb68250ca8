/**
 * A cluster's `postmaster.pid` found before start: a PostgreSQL left running by a run that was killed
 * (SIGKILL, a crash) is stopped, a stale file from a dead one removed, and one that a running service
 * still uses is left alone with a clear error. Each case is said in a message.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupFailure } from '../lifecycle/startup-failure';
import type { Binaries, RunAs } from './embedded-postgres-setup';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command name and parent of a process, from /proc or, where there is none, from ps. */
async function processInfo(pid: number): Promise<{ command: string; parent: number } | undefined> {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    return { command, parent };
  } catch {
    const { stdout } = await run('ps', ['-o', 'ppid=,comm=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
    const match = /^\s*(\d+)\s+(.+)$/.exec(stdout.trim());
    return match ? { parent: Number(match[1]), command: path.basename(match[2] ?? '') } : undefined;
  }
}

export interface LeftoverOptions {
  binaries: Binaries;
  pgdata: string;
  user: RunAs;
  /** Says what was found and done; `setting` names where the cluster lives. */
  notice: (message: string, fields: object) => void;
}

/** Deals with `<pgdata>/postmaster.pid` before a start; returns once no PostgreSQL runs on `pgdata`. */
export async function clearLeftoverCluster({ binaries, pgdata, user, notice }: LeftoverOptions): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number(content.split('\n')[0]);
  const info = Number.isInteger(pid) && pid > 0 && alive(pid) ? await processInfo(pid) : undefined;
  if (!info?.command.startsWith('postgres')) {
    await rm(pidFile, { force: true });
    notice('removed a stale postmaster.pid: the PostgreSQL of an earlier run did not stop cleanly and is gone', { pidFile, pid });
    return;
  }
  const parent = info.parent > 1 ? await processInfo(info.parent) : undefined;
  if (parent?.command.startsWith('node')) {
    throw new StartupFailure(
      'DATA_DIR',
      `the embedded PostgreSQL under ${pgdata} (pid ${pid}) belongs to another running process (pid ${info.parent}, probably the service): stop it first, or use another DATA_DIR`,
    );
  }
  notice('found the PostgreSQL of an earlier run still running (its node process was killed): stopping it', { pidFile, pid });
  await run(binaries.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '60'], user);
  notice('stopped the leftover PostgreSQL', { pid });
}
