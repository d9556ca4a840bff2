import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandboxLayout, type SandboxLayout } from '../../../sandbox/layout';
import type { WorkerOutcome } from '../../../worker/protocol';
import type { LakehouseSnapshot } from '../../../sandbox/sandbox';
import type { AttemptResult } from '../../attempt';
import { LogTail } from '../../log-tail';
import type { KillReason } from '../../outcome';
import { WORKER_FILE } from '../../pool';
import type { AttemptArgs, BackendAttempt } from '../types';
import { jobScript, sbatchArgs } from './job';
import type { SlurmBackend } from './slurm-backend';
import { decideSlurmOutcome, isTerminal, type JobEnd, type JobState, slurmOomPeakMb } from './states';
import { writeSmallFileAtomic } from '../../../artifacts/atomic';

/** The CLI each job runs: compiled, beside the local backend's worker module. */
export const SLURM_MAIN_FILE = path.join(path.dirname(WORKER_FILE), 'slurm-main.bundle.js'); // one file, like WORKER_FILE
/**
 * The job ends itself when the engine's heartbeat has not changed for this long (the engine died without
 * scancelling it). Generous: a shared filesystem may show a write late. NX_SLEEVES_SLURM_HEARTBEAT_STALE_MS overrides.
 */
export const HEARTBEAT_STALE_MS = 120_000;
const HEARTBEAT_EVERY_MS = 1000;
/** After scancel, how long to wait for Slurm to report the job ended (KillWait + epilog, with margin). */
export const CANCEL_WAIT_MS = 60_000;

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * One sleeve attempt as one Slurm job. The engine's shared parts (sandbox, env, log, export) are unchanged:
 * the job runs the same worker code in the same sandbox layout; this class submits, follows the job's
 * state, enforces timeoutMs (from the moment the job runs) and pendingTimeoutMs, cancels, and maps the end.
 * Memory: the same heap flag as locally, and Slurm's OverMemoryKill for everything else (the engine cannot
 * see processes on another node).
 */
export class SlurmAttempt implements BackendAttempt {
  private readonly layout: SandboxLayout;
  private readonly tail: LogTail;
  private recentLog: string[] = [];
  private jobId: string | undefined;
  private state: JobState | undefined;
  private killReason: KillReason | undefined;
  private cancelReason: string | undefined;
  private pending: { ms: number; reason: string } | undefined;
  private submittedAt = 0;
  private runningSince: number | undefined;
  private cancelSentAt: number | undefined;
  private endSeen!: (how: 'state' | 'gone' | 'error' | 'worker') => void;
  private readonly ended = new Promise<'state' | 'gone' | 'error' | 'worker'>((r) => (this.endSeen = r));
  private controlWatch: fs.FSWatcher | undefined;
  private pollError: string | undefined;
  private lastBeat = 0;
  private resolveFinished!: () => void;
  /** Settles when run() is done (the backend forgets the attempt). */
  readonly finished = new Promise<void>((r) => (this.resolveFinished = r));

  constructor(
    private readonly a: AttemptArgs,
    private readonly backend: SlurmBackend,
  ) {
    this.layout = sandboxLayout(a.sandboxDir);
    this.tail = new LogTail(this.layout.logFile, (line) => {
      this.recentLog.push(line);
      if (this.recentLog.length > 200) this.recentLog = this.recentLog.slice(-100);
      a.emit(line);
    });
  }

  async run(): Promise<AttemptResult> {
    try {
      return await this.runJob();
    } finally {
      this.resolveFinished();
    }
  }

  private async runJob(): Promise<AttemptResult> {
    const { spec } = this.a;
    const stale = Number(process.env.NX_SLEEVES_SLURM_HEARTBEAT_STALE_MS) || HEARTBEAT_STALE_MS;
    const task = { ...this.a.task, heartbeatStaleMs: stale };
    this.beat();
    writeSmallFileAtomic(this.layout.taskFile, JSON.stringify(task));
    writeSmallFileAtomic(this.layout.jobScript, jobScript(process.execPath, this.a.heapMb, SLURM_MAIN_FILE, this.layout.taskFile), 0o755);
    if (this.killReason) return this.result(); // cancelled before anything was submitted
    const args = sbatchArgs(
      {
        profile: spec.profile,
        runId: spec.runId,
        cpus: spec.cpus,
        memoryMb: spec.memoryMb,
        timeoutMs: spec.timeoutMs,
        sandboxDir: this.a.sandboxDir,
        logFile: this.layout.logFile,
        jobScript: this.layout.jobScript,
      },
      this.backend.options,
    );
    try {
      this.jobId = await this.backend.submit(args, task.env);
    } catch (e) {
      if (this.killReason) return this.result();
      this.tail.close();
      return { status: 'failed', error: `sleeve ${spec.name}: ${(e as Error).message}`, peakRssMb: 0 };
    }
    this.submittedAt = Date.now();
    const jobId = this.jobId;
    this.backend.watch(jobId, {
      onState: (s) => this.onState(s),
      onGone: () => this.endSeen('gone'),
      onPollError: (m) => {
        this.pollError = m;
        this.endSeen('error');
      },
    });
    this.watchWorkerEnd();
    if (this.killReason) {
      // cancelled while sbatch was running
      this.cancelSentAt = Date.now();
      void this.backend.scancel([jobId]);
    }
    const how = await this.ended;
    this.backend.unwatch(jobId);
    this.controlWatch?.close();
    // The worker answered and exited with code 0: its verdict is final (a COMPLETED job would say no more),
    // so the sleeve ends now rather than when squeue next shows the job COMPLETED.
    if (how === 'worker') return this.result();
    if (how === 'error') {
      await this.backend.scancel([jobId]);
      this.tail.close();
      return { status: 'crashed', error: `sleeve ${spec.name} crashed: lost track of Slurm job ${jobId}: ${this.pollError}`, peakRssMb: 0 };
    }
    // COMPLETED means exit code 0 and no signal: squeue's state says all scontrol would (one command less per sleeve).
    if (how === 'state' && this.state?.state === 'COMPLETED') return this.result();
    return this.result(await this.backend.jobEnd(jobId));
  }

  private onState(s: JobState): void {
    this.state = s;
    if (s.state === 'RUNNING' && this.runningSince === undefined) this.runningSince = Date.now();
    if (isTerminal(s.state)) this.endSeen('state');
  }

  /** Called on every engine tick: the timeout and pending deadlines, and a cancel that takes too long. */
  timers(): void {
    if (this.jobId === undefined || this.killReason) {
      if (this.cancelSentAt !== undefined && Date.now() - this.cancelSentAt > CANCEL_WAIT_MS) this.endSeen('gone');
      return;
    }
    const { timeoutMs } = this.a.limits;
    const pendingMs = this.backend.options.pendingTimeoutMs;
    if (this.runningSince === undefined && pendingMs !== undefined && Date.now() - this.submittedAt > pendingMs && this.state?.state === 'PENDING') {
      this.pending = { ms: pendingMs, reason: this.state.reason };
      this.kill('timeout');
    } else if (this.runningSince !== undefined && timeoutMs !== undefined && Date.now() - this.runningSince > timeoutMs) {
      this.kill('timeout');
    }
  }

  tick(): void {
    this.tail.poll();
    if (Date.now() - this.lastBeat >= HEARTBEAT_EVERY_MS) this.beat();
    // fs.watch misses writes made on another host (NFS): this check every engine tick is the fallback.
    this.checkWorkerEnd();
  }

  /**
   * The worker writes outcome.json and then, in its exit handler, the exit code: both present with code 0
   * means the job's process is done and its verdict final. Watched with fs.watch so a sleeve ends within
   * milliseconds of its job, not at the next tick or squeue poll.
   */
  private watchWorkerEnd(): void {
    try {
      this.controlWatch = fs.watch(path.dirname(this.layout.exitCodeFile), () => this.checkWorkerEnd());
      this.controlWatch.on('error', () => undefined);
    } catch {
      /* the tick's check still sees it */
    }
    this.checkWorkerEnd();
  }

  private checkWorkerEnd(): void {
    if (this.jobId === undefined || this.killReason) return;
    if (!fs.existsSync(this.layout.outcomeFile)) return;
    if (readJson<number>(this.layout.exitCodeFile) === 0) this.endSeen('worker');
  }

  private beat(): void {
    this.lastBeat = Date.now();
    try {
      fs.writeFileSync(this.layout.heartbeatFile, String(this.lastBeat));
    } catch {
      /* the sandbox is being removed */
    }
  }

  kill(reason: KillReason, detail?: string): void {
    if (this.killReason) return;
    this.killReason = reason;
    this.cancelReason = detail;
    if (this.jobId !== undefined) {
      this.cancelSentAt = Date.now();
      void this.backend.scancel([this.jobId]);
    }
  }

  private result(end?: JobEnd): AttemptResult {
    this.tail.close();
    const logText = this.recentLog.slice(-50).join('\n');
    const outcome = readJson<WorkerOutcome>(this.layout.outcomeFile);
    const recorded = readJson<number>(this.layout.exitCodeFile);
    const peakRssMb = Math.max(outcome?.maxRssMb ?? 0, slurmOomPeakMb(logText));
    const decided = decideSlurmOutcome({
      name: this.a.spec.name,
      jobId: this.jobId,
      memoryMb: this.a.limits.memoryMb,
      timeoutMs: this.a.limits.timeoutMs,
      peakRssMb,
      killReason: this.killReason,
      cancelReason: this.cancelReason,
      pending: this.pending,
      end: end ?? (this.state && isTerminal(this.state.state) ? { state: this.state.state, reason: this.state.reason } : undefined),
      outcome,
      recordedExitCode: typeof recorded === 'number' ? recorded : undefined,
      logText,
    });
    const snapshot = readJson<LakehouseSnapshot>(this.layout.snapshotFile);
    return { ...decided, peakRssMb, snapshot };
  }
}
