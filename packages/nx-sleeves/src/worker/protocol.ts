import type { PipelineContext } from '@nx-sleeves/contracts';

/**
 * What the engine sends to a sleeve's process (JSON over IPC). The fields a pipeline also sees are the contract's
 * (`PipelineContext`, one definition); the rest is the worker's own business.
 */
export type WorkerTask = Pick<
  PipelineContext,
  'profile' | 'runId' | 'sandboxDir' | 'workspaceRoot' | 'projectRoot' | 'cpus' | 'memoryMb' | 'env' | 'options'
> & {
  name: string;
  pipeline?: string;
  command?: string[];
  /** The shared lakehouse; the worker builds its private view of links to it (the context's `lakehouseDir`). */
  lakehouse: string;
  /** Slurm jobs only: end the sleeve when the engine's heartbeat file has not changed for this long. */
  heartbeatStaleMs?: number;
  /** Write the worker's phase timings to .control/timings.json (the engine traces: NX_SLEEVES_TRACE). */
  trace?: boolean;
};

/** A pipeline's own verdict. Crashes, OOM kills and timeouts never get here: the parent maps those. */
export interface WorkerOutcome {
  status: 'success' | 'failed' | 'crashed';
  error?: string;
  /** Peak RSS of the worker process itself (getrusage), MB. */
  maxRssMb: number;
}
