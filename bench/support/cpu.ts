import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (Linux's USER_HZ, 100 on every usual kernel). */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ms: the process's CPU and that of its children it reaped. */
  ms: number;
}

function processes(): ProcessTimes[] {
  const found: ProcessTimes[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    found.push({ pid: Number(entry), ppid: Number(fields[1]), ms: (ticks * 1000) / TICKS_PER_SECOND });
  }
  return found;
}

/** The pids of `root` and all its descendants, among `all`. */
function tree(all: readonly ProcessTimes[], root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const process of all) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process.pid]);
  const pids = new Set<number>();
  const walk = (pid: number) => {
    if (pids.has(pid)) return;
    pids.add(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return pids;
}

/** The parent of `pid` (to find PostgreSQL's postmaster from a backend's pid). */
export function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * CPU time (ms, 10 ms resolution) of the process tree under `root` (the root itself left out with
 * `withoutRoot`), without the trees under `exclude` (PostgreSQL's when it is this process's child).
 */
export function treeCpuMs(root: number, options: { withoutRoot?: boolean; exclude?: readonly number[] } = {}): number {
  const all = processes();
  const excluded = new Set((options.exclude ?? []).flatMap((pid) => [...tree(all, pid)]));
  if (options.withoutRoot) excluded.add(root);
  const pids = tree(all, root);
  return all.filter((process) => pids.has(process.pid) && !excluded.has(process.pid)).reduce((sum, process) => sum + process.ms, 0);
}

/** CPU time (ms) of this Node process so far, user + system, to the microsecond. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
