import * as fs from 'node:fs';
import { sandboxLayout, type SandboxLayout } from '../sandbox/layout';
import { type ProcInfo, isAlive, procAvailable, readProcInfo, readProcessTree, sleeveProcesses } from '../process/process-table';
import type { WorkerOutcome, WorkerTask } from '../worker/protocol';
import type { LakehouseSnapshot } from '../sandbox/sandbox';
import { LogTail } from './log-tail';
import { type KillReason, decideOutcome } from './outcome';
import type { SleevePool } from './pool';
import type { SleeveStatus } from '@nx-sleeves/contracts';
import type { WorkerStdio } from './worker-stdio';

const MB = 1024 * 1024;
/** Grace between SIGTERM and SIGKILL when ending a sleeve on timeout or cancel. */
export const KILL_GRACE_MS = 1000;

export interface AttemptResult {
  status: SleeveStatus;
  error?: string;
  peakRssMb: number;
  snapshot?: LakehouseSnapshot;
}

function readInt(file: string): number | undefined {
  try {
    const n = parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One try of one sleeve in one worker process, watched from the parent: the worker's pid and its command's
 * process group come from small files it writes at start; each engine tick sums their RSS (from a shared
 * /proc table), enforces the memory limit and forwards new log lines. Timeouts and kills live here, in the
 * parent, because a sleeve stuck in a synchronous loop cannot run anything itself.
 */
export class Attempt {
  readonly layout: SandboxLayout;
  private pid: number | undefined;
  private pgid: number | undefined;
  private peakBytes = 0;
  private killReason: KillReason | undefined;
  private cancelReason: string | undefined;
  private readonly controller = new AbortController();
  private readonly tail: LogTail;
  private timer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  /** Every process seen belonging to this sleeve, by pid → start time (to not kill a reused pid). */
  private readonly seen = new Map<number, number>();
  private recentLog: string[] = [];

  constructor(
    sandboxDir: string,
    private readonly task: WorkerTask,
    private readonly limits: { memoryMb: number; timeoutMs?: number },
    private readonly stdio: WorkerStdio,
    onLine: (line: string) => void,
  ) {
    this.layout = sandboxLayout(sandboxDir);
    this.tail = new LogTail(this.layout.logFile, (line) => {
      this.recentLog.push(line);
      if (this.recentLog.length > 200) this.recentLog = this.recentLog.slice(-100);
      onLine(line);
    });
  }

  async run(pool: SleevePool): Promise<AttemptResult> {
    if (this.limits.timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.kill('timeout'), this.limits.timeoutMs);
    }
    let outcome: WorkerOutcome | undefined;
    let taskError: string | undefined;
    try {
      const pending = pool.run(this.task, { signal: this.controller.signal });
      this.stdio.adopt(pool); // a worker spawned for this task: take its raw stdio before it says anything
      outcome = await pending;
    } catch (e) {
      // Death of the worker (or our abort): decided below from what we saw.
      taskError = (e as Error)?.message;
    }
    clearTimeout(this.timer);
    this.discoverIds();
    if (this.killReason && this.killReason !== 'oom' && this.pid !== undefined) {
      await this.waitGone(KILL_GRACE_MS, false); // the SIGTERM grace: let it write its last lines
    }
    // Whatever the end, nothing the sleeve started may survive it.
    this.killAll('SIGKILL');
    clearTimeout(this.killTimer);
    if (this.pid !== undefined) {
      await this.stdio.whenClosed(this.pid, 2000);
      this.drainStdio();
    }
    await this.waitGone(3000);
    this.tail.close();
    const exit = this.pid !== undefined ? this.stdio.exitOf(this.pid) : undefined;
    if (this.pid !== undefined) this.stdio.forget(this.pid);
    // Rounded up: a sleeve killed for exceeding 128 MB must not report a peak of 128 MB.
    const peakRssMb = Math.max(Math.ceil(this.peakBytes / MB), outcome?.maxRssMb ?? 0);
    const decided = decideOutcome({
      name: this.task.name,
      memoryMb: this.limits.memoryMb,
      timeoutMs: this.limits.timeoutMs,
      peakRssMb,
      killReason: this.killReason,
      cancelReason: this.cancelReason,
      outcome,
      exit,
      recordedExitCode: readInt(this.layout.exitCodeFile),
      taskError,
      logText: this.recentLog.slice(-50).join('\n'),
    });
    let snapshot: LakehouseSnapshot | undefined;
    try {
      snapshot = JSON.parse(fs.readFileSync(this.layout.snapshotFile, 'utf8')) as LakehouseSnapshot;
    } catch {
      /* the worker died before taking it */
    }
    return { ...decided, peakRssMb, snapshot };
  }

  /**
   * Called by the engine's tick (every 100 ms). `full` is the whole process table, passed once a second;
   * in between, only this sleeve's known processes and their children are read.
   */
  tick(full: Map<number, ProcInfo> | undefined): void {
    this.discoverIds();
    if (this.pid !== undefined && procAvailable) {
      const roots = [this.pid, ...(this.pgid !== undefined ? [this.pgid] : []), ...this.seen.keys()];
      const table = full ?? readProcessTree(roots);
      for (const pid of this.seen.keys()) if (!table.has(pid)) this.seen.delete(pid); // ended
      const procs = sleeveProcesses(table, this.pid, this.pgid !== undefined ? [this.pgid] : []);
      let rss = 0;
      for (const p of procs) {
        rss += p.rssBytes;
        this.seen.set(p.pid, p.startTime);
      }
      if (rss > this.peakBytes) this.peakBytes = rss;
      if (rss > this.limits.memoryMb * MB) this.kill('oom');
    }
    this.drainStdio();
    this.tail.poll();
  }

  /** Ends the attempt: SIGKILL at once for OOM (memory is the emergency), else SIGTERM then SIGKILL. */
  kill(reason: KillReason, detail?: string): void {
    if (this.killReason) return;
    this.killReason = reason;
    this.cancelReason = detail;
    clearTimeout(this.timer);
    this.discoverIds();
    if (reason === 'oom') {
      this.killAll('SIGKILL');
    } else {
      this.killAll('SIGTERM');
      this.killTimer = setTimeout(() => this.killAll('SIGKILL'), KILL_GRACE_MS);
    }
    // A worker that has not written its pid yet is ended through tinypool's handle instead.
    if (this.pid === undefined) this.controller.abort();
  }

  private discoverIds(): void {
    if (this.pid === undefined) {
      this.pid = readInt(this.layout.workerPidFile);
      if (this.pid !== undefined) this.stdio.claim(this.pid);
    }
    // Only a command sleeve's worker writes a process group file: a module sleeve would otherwise fail this read
    // (an ENOENT error built and thrown) on every tick of its life.
    if (this.pgid === undefined && this.task.command !== undefined) this.pgid = readInt(this.layout.commandPgidFile);
  }

  private drainStdio(): void {
    if (this.pid === undefined) return;
    const raw = this.stdio.take(this.pid);
    if (!raw.length) return;
    try {
      fs.appendFileSync(this.layout.logFile, raw);
    } catch {
      // The sleeve removed its own logs folder (a careless clean-up step): that must not turn its end
      // into an engine error. Recreate the folder so the raw output (e.g. V8's report) is still kept.
      try {
        fs.mkdirSync(this.layout.logsDir, { recursive: true });
        fs.appendFileSync(this.layout.logFile, raw);
      } catch {
        /* nowhere to keep it */
      }
    }
  }

  private targets(): number[] {
    const out: number[] = [];
    for (const [pid, start] of this.seen) {
      const info = readProcInfo(pid);
      if (info && info.startTime === start && info.state !== 'Z') out.push(pid);
    }
    return out;
  }

  private killAll(signal: NodeJS.Signals): void {
    const send = (target: number) => {
      try {
        process.kill(target, signal);
      } catch {
        /* ESRCH: already gone */
      }
    };
    if (this.pgid !== undefined) send(-this.pgid);
    for (const pid of this.targets()) send(pid);
    if (this.workerMayLive()) send(this.pid!);
  }

  /** False once the worker's exit was seen: its pid may then belong to someone else (even a new worker). */
  private workerMayLive(): boolean {
    return this.pid !== undefined && this.stdio.exitOf(this.pid) === undefined;
  }

  /** Waits (up to capMs) until the worker and everything seen of the sleeve is gone, SIGKILLing if asked. */
  private async waitGone(capMs: number, kill = true): Promise<void> {
    const deadline = Date.now() + capMs;
    for (;;) {
      const alive = [...this.targets(), ...(this.workerMayLive() && isAlive(this.pid!) ? [this.pid!] : [])];
      if (alive.length === 0 || Date.now() > deadline) return;
      if (kill) {
        for (const pid of alive) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
