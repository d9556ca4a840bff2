/** Options of the `nx-sleeves:sleeve` executor (see schema.json). Paths are relative to the workspace root. */
export interface SleeveExecutorOptions {
  profile: string;
  runId?: string;
  pipeline?: string;
  command?: string[];
  lakehouse?: string;
  outputsRoot?: string;
  outputPath?: string;
  cpus?: number;
  memoryMb?: number;
  timeoutMs?: number;
  maxRetries?: number;
  envAllow?: string[];
  keepSandbox?: boolean;
  /** Where sleeves run: `local` (default) or `slurm`. */
  backend?: 'local' | 'slurm';
  /** Set by the plugin for a broken profile file: the task fails with this message. */
  configError?: string;
}
