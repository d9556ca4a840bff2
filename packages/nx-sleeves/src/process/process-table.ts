import * as fs from 'node:fs';

/**
 * A snapshot of the machine's processes read from Linux /proc: pid → (ppid, pgid, rss, state).
 * Read by hand rather than with pidusage/pidtree: those spawn `ps` (or read the same files) per call, and
 * the watchdog needs one cheap pass every 100 ms for all running sleeves together.
 */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  rssBytes: number;
  state: string;
  /** Start time in clock ticks since boot: tells a process from a later one that reused its pid. */
  startTime: number;
}

export const procAvailable = fs.existsSync('/proc/self/stat');

let pageSize: number | undefined;
/** The kernel page size (RSS in /proc is counted in pages): derived once from this process's own RSS. */
function getPageSize(): number {
  if (pageSize === undefined) {
    try {
      const pages = Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
      const ratio = process.memoryUsage().rss / pages;
      pageSize = [4096, 16384, 65536].reduce((best, p) => (Math.abs(p - ratio) < Math.abs(best - ratio) ? p : best), 4096);
    } catch {
      pageSize = 4096;
    }
  }
  return pageSize;
}

/** Parses one /proc/<pid>/stat line; the command name may contain spaces and ')' so split after the last ')'. */
export function parseStat(text: string, page: number): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = parseInt(text, 10);
  const f = text.slice(close + 2).split(' ');
  // f[0]=state(3) f[1]=ppid(4) f[2]=pgrp(5) ... f[19]=starttime(22) f[21]=rss(24)
  return { pid, state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), startTime: Number(f[19]), rssBytes: Number(f[21]) * page };
}

export function readProcInfo(pid: number): ProcInfo | undefined {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'), getPageSize());
  } catch {
    return undefined;
  }
}

export function readProcessTable(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  if (!procAvailable) return table;
  const page = getPageSize();
  for (const name of fs.readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    try {
      const info = parseStat(fs.readFileSync(`/proc/${name}/stat`, 'utf8'), page);
      if (info) table.set(info.pid, info);
    } catch {
      // the process ended between readdir and read
    }
  }
  return table;
}

/**
 * The processes reachable from `roots` through /proc/<pid>/task/<pid>/children (children started by each
 * process's main thread, which is where node and shells spawn). A few reads per sleeve instead of one per
 * process on the machine; the engine still does a full `readProcessTable()` every second to catch what
 * this misses (children of other threads, group members re-parented away).
 */
export function readProcessTree(roots: number[]): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  if (!procAvailable) return table;
  const page = getPageSize();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    if (table.has(pid) || !(pid > 0)) continue;
    try {
      const info = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'), page);
      if (!info) continue;
      table.set(pid, info);
      const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      if (kids) for (const k of kids.split(' ')) stack.push(Number(k));
    } catch {
      // gone meanwhile, or no children file (old kernels): the periodic full scan covers it
    }
  }
  return table;
}

/**
 * The processes that belong to a sleeve (pure over a table): the worker, all its descendants, and every
 * member of the given process groups (an external command's group, even if a member was re-parented).
 * Zombies are left out: they hold no memory and cannot be killed any further.
 */
export function sleeveProcesses(table: Map<number, ProcInfo>, rootPid: number | undefined, pgids: number[]): ProcInfo[] {
  const children = new Map<number, number[]>();
  for (const p of table.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const found = new Set<number>();
  const stack: number[] = [];
  if (rootPid !== undefined && table.has(rootPid)) stack.push(rootPid);
  for (const p of table.values()) if (pgids.includes(p.pgid)) stack.push(p.pid);
  while (stack.length) {
    const pid = stack.pop()!;
    if (found.has(pid)) continue;
    found.add(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return [...found].map((pid) => table.get(pid)!).filter((p) => p.state !== 'Z');
}

/** True while `pid` exists and is not a zombie (a zombie of a re-parented process is already dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const info = readProcInfo(pid);
  return info === undefined ? !procAvailable : info.state !== 'Z';
}

/** SIGKILLs every live descendant of `pid` (used by a worker before it answers: nothing outlives a sleeve). */
export function killDescendants(pid: number): number {
  const table = readProcessTree([pid]);
  const victims = sleeveProcesses(table, pid, []).filter((p) => p.pid !== pid);
  for (const v of victims) {
    try {
      process.kill(v.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return victims.length;
}

/** Signals a whole process group; a group that is already gone is fine. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}
