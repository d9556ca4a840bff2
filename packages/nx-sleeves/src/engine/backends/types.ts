import type { ProcInfo } from '../../process/process-table';
import type { WorkerTask } from '../../worker/protocol';
import type { Resources } from '../admission';
import type { AttemptResult } from '../attempt';
import type { KillReason } from '../outcome';
import type { NormalizedSpec } from '../types';

/**
 * Where a sleeve's process runs. Everything that does not depend on that (validation, admission, sandbox
 * layout, env allow-list, log tail, lakehouse check, zip + result.json, statuses) stays in the engine; a
 * backend only starts one attempt's process, watches it and stops it, and says how it ended.
 * A Ray Jobs or Kubernetes Jobs backend is one more implementation of this interface.
 */
export interface SleeveBackend {
  readonly name: BackendName;
  /** Overrides the engine's cpus/memory budget (a cluster admits by itself); undefined: the engine's. */
  readonly budget?: Resources;
  /** At most this many attempts dispatched at once (undefined: no limit beyond the budget). */
  readonly maxInFlight?: number;
  /** Whether the engine's tick should pass a full /proc table to attempts (processes on this machine). */
  readonly watchesLocalProcesses: boolean;
  /** Where sandboxes go (a folder every node sees); undefined: the spec's own sandboxParent. */
  sandboxParent?(spec: NormalizedSpec): string;
  createAttempt(args: AttemptArgs): BackendAttempt;
  /** Called by the engine's tick (every TICK_MS) before the attempts' own ticks. */
  tick(): void;
  /** Ends whatever the backend still holds (pools, jobs). */
  shutdown(): Promise<void>;
}

export type BackendName = 'local' | 'slurm';

export interface AttemptArgs {
  spec: NormalizedSpec;
  sandboxDir: string;
  task: WorkerTask;
  limits: { memoryMb: number; timeoutMs?: number };
  /** --max-old-space-size for module pipelines, undefined for commands. */
  heapMb: number | undefined;
  /** More sleeves are pending (worth keeping a spare worker booted). */
  morePending: boolean;
  /** A complete line of the sleeve's log. */
  emit: (line: string) => void;
}

/** One try of one sleeve. `run` resolves once nothing of it is left running. */
export interface BackendAttempt {
  run(): Promise<AttemptResult>;
  tick(full: Map<number, ProcInfo> | undefined): void;
  kill(reason: KillReason, detail?: string): void;
}
