/** What the engine sends to a sleeve's process (JSON over IPC) and what it answers. */
export interface WorkerTask {
  name: string;
  profile: string;
  runId: string;
  pipeline?: string;
  command?: string[];
  sandboxDir: string;
  /** The shared lakehouse; the worker builds its private view of links to it. */
  lakehouse: string;
  workspaceRoot: string;
  projectRoot: string;
  cpus: number;
  memoryMb: number;
  /** The whole environment the sleeve sees (allow-list + identity + thread vars). */
  env: Record<string, string>;
  options: Record<string, unknown>;
  /** Slurm jobs only: end the sleeve when the engine's heartbeat file has not changed for this long. */
  heartbeatStaleMs?: number;
  /** Write the worker's phase timings to .control/timings.json (the engine traces: NX_SLEEVES_TRACE). */
  trace?: boolean;
}

/** A pipeline's own verdict. Crashes, OOM kills and timeouts never get here: the parent maps those. */
export interface WorkerOutcome {
  status: 'success' | 'failed' | 'crashed';
  error?: string;
  /** Peak RSS of the worker process itself (getrusage), MB. */
  maxRssMb: number;
}
