import type { SleeveStatus } from '@nx-sleeves/contracts';
import type { WorkerOutcome } from '../worker/protocol';
import type { ExitInfo } from './worker-stdio';

/** Why the engine itself ended an attempt, if it did. */
export type KillReason = 'oom' | 'timeout' | 'cancelled';

export interface AttemptFacts {
  name: string;
  memoryMb: number;
  timeoutMs?: number;
  peakRssMb: number;
  killReason?: KillReason;
  cancelReason?: string;
  /** The worker answered (a pipeline verdict). */
  outcome?: WorkerOutcome;
  /** The worker process died without answering. */
  exit?: ExitInfo;
  /** The exit code the worker recorded in its exit handler (covers process.exit(n)). */
  recordedExitCode?: number;
  /** tinypool's rejection message when the worker did not answer. */
  taskError?: string;
  /** Recent log text, searched for V8's heap-limit report. */
  logText: string;
}

const HEAP_OOM = /JavaScript heap out of memory|Reached heap limit|heap limit Allocation failed/;

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** Maps what happened to an attempt to its status and one-line error (pure). */
export function decideOutcome(f: AttemptFacts): { status: SleeveStatus; error?: string } {
  const s = `sleeve ${f.name}`;
  if (f.killReason === 'cancelled') return { status: 'cancelled', error: `${s} was cancelled${f.cancelReason ? `: ${f.cancelReason}` : ''}` };
  if (f.killReason === 'oom') {
    return { status: 'oom', error: `${s} exceeded its memory limit of ${f.memoryMb} MB (peak ${f.peakRssMb} MB)` };
  }
  if (f.killReason === 'timeout') return { status: 'timeout', error: `${s} timed out after ${seconds(f.timeoutMs ?? 0)}` };
  if (f.outcome) {
    if (f.outcome.status === 'success') return { status: 'success' };
    if (f.outcome.status === 'crashed') return { status: 'crashed', error: `${s} crashed: ${f.outcome.error}` };
    return { status: 'failed', error: `${s} failed: ${f.outcome.error ?? 'unknown error'}` };
  }
  // The worker died without answering. V8 aborts (SIGABRT, or exit code 134 through a shell) when the
  // JS heap hits --max-old-space-size, after printing its report: that is an OOM, not a crash.
  const aborted = f.exit?.signal === 'SIGABRT' || f.exit?.code === 134;
  if (HEAP_OOM.test(f.logText) || (aborted && /heap/i.test(f.logText))) {
    return { status: 'oom', error: `${s} exceeded its memory limit of ${f.memoryMb} MB (JavaScript heap out of memory; peak ${f.peakRssMb} MB)` };
  }
  const code = f.exit?.code ?? f.recordedExitCode;
  if (f.exit?.signal) return { status: 'crashed', error: `${s} crashed: killed by signal ${f.exit.signal}` };
  if (code !== undefined && code !== null) return { status: 'crashed', error: `${s} crashed: exit code ${code}` };
  const detail = f.taskError && !/exited unexpectedly|aborted/i.test(f.taskError) ? f.taskError.split('\n')[0] : 'worker exited unexpectedly';
  return { status: 'crashed', error: `${s} crashed: ${detail}` };
}
