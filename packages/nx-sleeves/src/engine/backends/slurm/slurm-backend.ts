import * as path from 'node:path';
import type { NormalizedSpec } from '../../types';
import type { AttemptArgs, BackendAttempt, SleeveBackend } from '../types';
import { runSlurm, SlurmCommandError, which } from './commands';
import { parseJobId } from './job';
import { PILOT_DEFAULTS, type ResolvedSlurmOptions } from './options';
import { SlurmAttempt } from './slurm-attempt';
import { PilotAttempt } from './pilot-attempt';
import { PilotPool } from './pilot-pool';
import { dueJobs, type WatchedJob } from './poll-interval';
import { isTerminal, type JobEnd, type JobState, parseSacct, parseScontrolJob, parseSqueue, SQUEUE_FORMAT } from './states';

/** squeue failing for this long in a row (controller gone mid-run) ends the run's jobs' watch as crashed. */
export const POLL_FAILURE_LIMIT_MS = 60_000;

export interface Watched {
  onState(s: JobState): void;
  onGone(): void;
  onPollError(message: string): void;
  /** How often this job needs squeue right now (default: pollMs; why it may differ: poll-interval.ts). */
  pollEveryMs?(): number;
}

/**
 * One sbatch job per sleeve attempt. Watches all of the engine's jobs with a single `squeue` call every
 * pollMs (states stay visible for MinJobAge after the end), reads the exit code with `scontrol show job`,
 * cancels with `scancel`. The first submission goes alone: if it shows the cluster is unusable (sbatch
 * missing, controller unreachable), every other sleeve fails at once with the same line instead of each
 * waiting for its own sbatch to time out.
 */
export class SlurmBackend implements SleeveBackend {
  readonly name = 'slurm' as const;
  readonly watchesLocalProcesses = false;
  readonly budget = { cpus: Number.POSITIVE_INFINITY, memoryMb: Number.POSITIVE_INFINITY };
  readonly maxInFlight: number;
  private readonly bins: Record<'sbatch' | 'squeue' | 'scontrol' | 'scancel' | 'sacct', string | undefined>;
  /** sbatch gets the sleeve's env plus only what finds the cluster. */
  private readonly clusterEnv: Record<string, string> = {};
  private fatal: string | undefined;
  private firstSubmit: Promise<unknown> | undefined;
  private readonly jobs = new Map<string, WatchedJob<Watched>>();
  private polling = false;
  private pollFailingSince: number | undefined;
  private readonly attempts = new Set<SlurmAttempt>();
  /** Pilot mode only. */
  private readonly pilots: PilotPool | undefined;

  constructor(
    readonly options: ResolvedSlurmOptions,
    hostEnv: NodeJS.ProcessEnv,
  ) {
    this.maxInFlight = options.maxInFlight;
    this.bins = {
      sbatch: which('sbatch', hostEnv.PATH),
      squeue: which('squeue', hostEnv.PATH),
      scontrol: which('scontrol', hostEnv.PATH),
      scancel: which('scancel', hostEnv.PATH),
      sacct: which('sacct', hostEnv.PATH),
    };
    for (const k of ['SLURM_CONF', 'MUNGE_SOCKET']) if (hostEnv[k]) this.clusterEnv[k] = hostEnv[k]!;
    if (options.mode === 'pilot') this.pilots = new PilotPool(this, { ...PILOT_DEFAULTS, ...options }, hostEnv);
  }

  sandboxParent(spec: NormalizedSpec): string {
    return this.options.sharedDir ? path.resolve(this.options.sharedDir) : spec.sandboxParent;
  }

  createAttempt(a: AttemptArgs): BackendAttempt {
    if (this.pilots) return new PilotAttempt(a, this.pilots);
    const attempt = new SlurmAttempt(a, this);
    this.attempts.add(attempt);
    attempt.finished.finally(() => this.attempts.delete(attempt));
    return attempt;
  }

  /** Submits a job; rejects with a one-line error. */
  async submit(args: string[], sleeveEnv: Record<string, string>): Promise<string> {
    if (this.fatal) throw new SlurmCommandError(this.fatal, true);
    const first = this.firstSubmit;
    if (first) await first.catch(() => undefined);
    if (this.fatal) throw new SlurmCommandError(this.fatal, true);
    const run = runSlurm(this.bins.sbatch, 'sbatch', args, { ...sleeveEnv, ...this.clusterEnv }).then(parseJobId);
    if (!first) this.firstSubmit = run;
    try {
      return await run;
    } catch (e) {
      if (e instanceof SlurmCommandError && e.fatal) this.fatal = e.message;
      throw e;
    }
  }

  watch(jobId: string, w: Watched): void {
    this.jobs.set(jobId, { w, lastPolled: 0 }); // a job may start (or fail) within milliseconds: the next tick asks
  }

  /** The next tick asks squeue about this job, whatever its interval says (e.g. its alive file went stale). */
  pollSoon(jobId: string): void {
    const j = this.jobs.get(jobId);
    if (j) j.lastPolled = 0;
  }

  unwatch(jobId: string): void {
    this.jobs.delete(jobId);
  }

  /** Whether squeue still lists any of these jobs as not yet ended (pilot shutdown). */
  async anyAlive(jobIds: string[]): Promise<boolean> {
    try {
      const states = parseSqueue(await runSlurm(this.bins.squeue, 'squeue', ['-h', '-t', 'all', '-o', SQUEUE_FORMAT, '-j', jobIds.join(',')], this.clusterEnv));
      return jobIds.some((id) => {
        const s = states.get(id);
        return s !== undefined && !isTerminal(s.state);
      });
    } catch {
      return false; // all purged (or no controller: nothing more to wait for)
    }
  }

  async scancel(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await runSlurm(this.bins.scancel, 'scancel', jobIds, this.clusterEnv).catch(() => undefined);
  }

  /** How a job ended: scontrol while the controller remembers it (MinJobAge), else sacct where accounting exists. */
  async jobEnd(jobId: string): Promise<JobEnd | undefined> {
    try {
      const end = parseScontrolJob(await runSlurm(this.bins.scontrol, 'scontrol', ['show', 'job', '-o', jobId], this.clusterEnv));
      if (end) return end;
    } catch {
      /* purged already */
    }
    if (!this.bins.sacct) return undefined;
    try {
      return parseSacct(await runSlurm(this.bins.sacct, 'sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'State,ExitCode'], this.clusterEnv));
    } catch {
      return undefined; // no accounting: the worker's own files decide
    }
  }

  tick(): void {
    this.pilots?.tick();
    for (const a of this.attempts) a.timers();
    if (this.polling || this.jobs.size === 0) return;
    const now = Date.now();
    const ids = dueJobs(this.jobs, now, this.options.pollMs);
    if (ids.length === 0) return;
    this.polling = true;
    for (const id of ids) this.jobs.get(id)!.lastPolled = now;
    runSlurm(this.bins.squeue, 'squeue', ['-h', '-t', 'all', '-o', SQUEUE_FORMAT, '-j', ids.join(',')], this.clusterEnv)
      .then(
        (out) => {
          this.pollFailingSince = undefined;
          const states = parseSqueue(out);
          for (const id of ids) {
            const w = this.jobs.get(id)?.w;
            const st = states.get(id);
            if (!w) continue;
            if (st) w.onState(st);
            else w.onGone();
          }
        },
        (e: Error) => {
          // squeue exits 1 when every id listed is unknown (all purged): those jobs are gone.
          if (/Invalid job id/i.test(e.message)) {
            for (const id of ids) this.jobs.get(id)?.w.onGone();
            return;
          }
          this.pollFailingSince ??= Date.now();
          if (Date.now() - this.pollFailingSince > POLL_FAILURE_LIMIT_MS) for (const id of ids) this.jobs.get(id)?.w.onPollError(e.message);
        },
      )
      .finally(() => (this.polling = false));
  }

  async shutdown(): Promise<void> {
    await this.pilots?.shutdown();
    // Attempts end their own jobs on cancel; this is the safety net for anything still known.
    await this.scancel([...this.jobs.keys()]);
  }
}
