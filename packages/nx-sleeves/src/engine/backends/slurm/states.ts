/** Reading Slurm's answers and mapping a job's end to a sleeve status (pure). */
import { constants } from 'node:os';
import { decideOutcome, type KillReason } from '../../outcome';
import type { SleeveStatus } from '@nx-sleeves/contracts';
import type { WorkerOutcome } from '../../../worker/protocol';

export interface JobState {
  state: string;
  reason: string;
}

/** Job states after which nothing of the job runs any more (COMPLETING is not one: processes are being killed). */
const TERMINAL = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'COMPLETED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'TIMEOUT',
  'REVOKED',
  'SPECIAL_EXIT',
]);
export const isTerminal = (state: string): boolean => TERMINAL.has(state);

export const SQUEUE_FORMAT = '%i|%T|%r';

/** Lines of `squeue -h -t all -o '%i|%T|%r'` → job id → state and reason. */
export function parseSqueue(stdout: string): Map<string, JobState> {
  const out = new Map<string, JobState>();
  for (const line of stdout.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (id && state) out.set(id, { state: state.replace(/\+$/, ''), reason: reason ?? '' });
  }
  return out;
}

export interface JobEnd {
  state: string;
  reason?: string;
  exitCode?: number;
  /** The signal number that ended the job's process (ExitCode=<code>:<signal>). */
  signal?: number;
}

/** `scontrol show job -o <id>`: one line of Key=Value pairs. */
export function parseScontrolJob(stdout: string): JobEnd | undefined {
  const field = (k: string) => new RegExp(`(?:^|\\s)${k}=(\\S*)`).exec(stdout)?.[1];
  const state = field('JobState');
  if (!state) return undefined;
  const end: JobEnd = { state, reason: field('Reason') };
  const ec = /^(\d+):(\d+)$/.exec(field('ExitCode') ?? '');
  if (ec) {
    end.exitCode = Number(ec[1]);
    if (Number(ec[2]) > 0) end.signal = Number(ec[2]);
  }
  return end;
}

/** `sacct -n -P -X -j <id> -o State,ExitCode`: e.g. `CANCELLED by 0|0:15`, `OUT_OF_MEMORY|0:125`. */
export function parseSacct(stdout: string): JobEnd | undefined {
  const line = stdout.split('\n').find((l) => l.includes('|'));
  if (!line) return undefined;
  const [rawState, exit] = line.trim().split('|');
  const state = rawState.split(' ')[0].replace(/\+$/, '');
  if (!state) return undefined;
  const end: JobEnd = { state };
  const ec = /^(\d+):(\d+)$/.exec(exit ?? '');
  if (ec) {
    end.exitCode = Number(ec[1]);
    if (Number(ec[2]) > 0) end.signal = Number(ec[2]);
  }
  return end;
}

/** slurmstepd's OverMemoryKill message, e.g. `StepId=6.batch exceeded memory limit (256008192 > 134217728), being killed`. */
const SLURM_OOM = /exceeded (?:job )?memory limit(?: \((\d+) > \d+\))?/i;

/** The highest RSS (MB, rounded up) slurmstepd reported when killing for memory, or 0. */
export function slurmOomPeakMb(logText: string): number {
  let peak = 0;
  for (const m of logText.matchAll(new RegExp(SLURM_OOM.source, 'gi'))) if (m[1]) peak = Math.max(peak, Math.ceil(Number(m[1]) / 1024 / 1024));
  return peak;
}

function signalName(n: number): NodeJS.Signals | null {
  const e = Object.entries(constants.signals).find(([, v]) => v === n);
  return (e?.[0] as NodeJS.Signals | undefined) ?? null;
}

export interface SlurmFacts {
  name: string;
  jobId?: string;
  memoryMb: number;
  timeoutMs?: number;
  peakRssMb: number;
  killReason?: KillReason;
  cancelReason?: string;
  /** Set when the engine cancelled a job that stayed pending past pendingTimeoutMs. */
  pending?: { ms: number; reason: string };
  end?: JobEnd;
  outcome?: WorkerOutcome;
  recordedExitCode?: number;
  logText: string;
}

function secs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** How a sleeve's Slurm job ended → its status and one-line error. */
export function decideSlurmOutcome(f: SlurmFacts): { status: SleeveStatus; error?: string } {
  const s = `sleeve ${f.name}`;
  const job = f.jobId ? `Slurm job ${f.jobId}` : 'its Slurm job';
  if (f.pending) {
    return { status: 'timeout', error: `${s} was still pending in Slurm after ${secs(f.pending.ms)} (${job}, reason: ${f.pending.reason || 'unknown'})` };
  }
  if (f.killReason === 'cancelled' || f.killReason === 'timeout') return decideOutcome({ ...f, exit: undefined, taskError: undefined });
  const state = f.end?.state;
  if (state === 'OUT_OF_MEMORY' || SLURM_OOM.test(f.logText)) {
    return { status: 'oom', error: `${s} exceeded its memory limit of ${f.memoryMb} MB (${job} killed by Slurm; peak ${f.peakRssMb} MB)` };
  }
  if (state === 'TIMEOUT' || state === 'DEADLINE') return { status: 'timeout', error: `${s} reached its Slurm time limit (${job} ${state})` };
  if (state === 'NODE_FAIL' || state === 'PREEMPTED' || state === 'BOOT_FAIL') {
    return { status: 'crashed', error: `${s} crashed: ${job} ended ${state}${f.end?.reason && f.end.reason !== 'None' ? ` (${f.end.reason})` : ''}` };
  }
  if (state === 'CANCELLED' && !f.outcome) return { status: 'cancelled', error: `${s} was cancelled: ${job} was cancelled in Slurm (scancel)` };
  const exit =
    f.end && (f.end.exitCode !== undefined || f.end.signal !== undefined)
      ? { code: f.end.signal ? null : (f.end.exitCode ?? null), signal: f.end.signal ? signalName(f.end.signal) : null }
      : undefined;
  const decided = decideOutcome({
    name: f.name,
    memoryMb: f.memoryMb,
    timeoutMs: f.timeoutMs,
    peakRssMb: f.peakRssMb,
    outcome: f.outcome,
    exit: exit && (exit.code !== 0 || exit.signal) ? exit : undefined,
    recordedExitCode: f.recordedExitCode,
    taskError: f.end ? `${job} ended ${f.end.state} without an answer from the worker` : `${job} vanished from Slurm without an answer from the worker`,
    logText: f.logText,
  });
  return decided;
}
