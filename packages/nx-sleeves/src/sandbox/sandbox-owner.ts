import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProcInfo } from '../process/process-table';

/**
 * Who owns a sandbox: the engine process that created it. A sandbox is removed by its own engine when the sleeve
 * ends; if that process was SIGKILLed (OOM killer, `kill -9`, a CI runner torn down) nothing removes it. So every
 * sandbox records its owner, and the next engine start removes the sandboxes whose owner is gone.
 *
 * The owner is the pid plus the process start time (/proc/<pid>/stat field 22, clock ticks since boot): a later
 * process that reused the pid has another start time, so it does not keep a dead run's sandbox alive.
 */
export const OWNER_FILE = 'owner.json';

export interface SandboxOwner {
  /** os.hostname() of the owner: a workspace on a shared filesystem is swept only by engines on the same host. */
  host: string;
  pid: number;
  /** Start time of the owner process; null where /proc is not available (then the pid alone is checked). */
  startTime: number | null;
  /** keepSandbox: the user asked to keep it, so it is never swept. */
  keep: boolean;
}

export function ownerFile(sandboxDir: string): string {
  return path.join(sandboxDir, '.control', OWNER_FILE);
}

/** Records this process as the owner (temp name + rename: a sweeper never reads half a file). */
export function writeSandboxOwner(sandboxDir: string, keep: boolean): void {
  const owner: SandboxOwner = { host: os.hostname(), pid: process.pid, startTime: readProcInfo(process.pid)?.startTime ?? null, keep };
  const file = ownerFile(sandboxDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
  fs.renameSync(tmp, file);
}

/** Whether the recorded owner process is still running (the same process, not a later one with its pid). */
export function ownerAlive(owner: SandboxOwner): boolean {
  if (owner.startTime !== null) {
    const info = readProcInfo(owner.pid);
    if (info) return info.startTime === owner.startTime && info.state !== 'Z';
    if (fs.existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(sandboxDir: string): SandboxOwner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(ownerFile(sandboxDir), 'utf8')) as Partial<SandboxOwner>;
    if (typeof o.host !== 'string' || !Number.isInteger(o.pid) || (o.startTime !== null && !Number.isInteger(o.startTime))) return undefined;
    return { host: o.host, pid: o.pid!, startTime: o.startTime ?? null, keep: o.keep === true };
  } catch {
    return undefined;
  }
}

/**
 * Removes the sandboxes under `parent` whose owner process is gone. Left alone: sandboxes of live owners (this
 * process included), of owners on another host (their pids mean nothing here), kept ones (keepSandbox), and any
 * folder without a readable owner file (still being created, or not a sandbox of this version). Never throws: a sweep must not fail a run. Returns the removed folder names.
 */
export function removeOrphanSandboxes(parent: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(parent, entry.name);
    const owner = readOwner(dir);
    if (!owner || owner.keep || owner.host !== os.hostname() || ownerAlive(owner)) continue;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(entry.name);
    } catch {
      // another engine swept it first, or a file is busy: the next start tries again
    }
  }
  return removed.sort();
}

/** Sweeps `parent` once per `swept` set (one per engine), telling stderr what went. */
export function sweepOrphanSandboxesOnce(parent: string, swept: Set<string>): void {
  if (swept.has(parent)) return;
  swept.add(parent);
  const removed = removeOrphanSandboxes(parent);
  if (removed.length > 0) {
    process.stderr.write(`nx-sleeves: removed ${removed.length} sandbox(es) of engine processes that are gone from ${parent}: ${removed.join(', ')}\n`);
  }
}
