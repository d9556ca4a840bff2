/** Public types of the engine API (see docs/design/contracts.md). */
import type { FileEntry, RunRecord } from '@nx-sleeves/contracts';

export interface SleeveSpec {
  /** Display name (Nx project name); default: profile. */
  name?: string;
  profile: string;
  runId: string;
  /** Absolute path of a JS module exporting `run(context)`. */
  pipeline?: string;
  /** argv with {profile} {runId} {artifactsDir} {logsDir} {lakehouseDir} placeholders. */
  command?: string[];
  /** Absolute path of the shared lakehouse directory. */
  lakehouse: string;
  /** Absolute; artifacts.zip + result.json (+ tearsheet.html) land here. */
  outputPath: string;
  workspaceRoot?: string;
  projectRoot?: string;
  cpus?: number;
  memoryMb?: number;
  timeoutMs?: number;
  maxRetries?: number;
  envAllow?: string[];
  keepSandbox?: boolean;
  options?: Record<string, unknown>;
}

export interface SleeveResult extends RunRecord {
  name: string;
  outputPath: string;
  zipPath: string;
  resultPath: string;
  zipSha256: string;
  zipBytes: number;
  files: FileEntry[];
  logTail: string[];
  terminalOutput: string;
}

export interface EngineOptions {
  cpus?: number;
  memoryMb?: number;
  /** Where sleeves run: `local` (default; tinypool workers here) or `slurm` (one sbatch job each). Default: env NX_SLEEVES_BACKEND, else local. */
  backend?: 'local' | 'slurm';
  /** Settings of the slurm backend (see docs/engine.md). */
  slurm?: import('./backends/slurm/options').SlurmOptions;
  onLine?: (sleeve: string, line: string) => void;
  /**
   * `released`: the sleeve's processes have ended and its cpus and memory are back in the budget (the next sleeve may
   * start) while the engine checks, exports and cleans up; `finished` follows with the result.
   */
  onStatus?: (sleeve: string, event: 'queued' | 'started' | 'released' | 'finished', result?: SleeveResult) => void;
}

/** A spec with every default filled in and every field validated. */
export interface NormalizedSpec {
  name: string;
  profile: string;
  runId: string;
  pipeline?: string;
  command?: string[];
  lakehouse: string;
  outputPath: string;
  /** Where the sandbox goes: `<workspaceRoot>/tmp/sleeves`, or the OS temp dir without a workspace. */
  sandboxParent: string;
  workspaceRoot: string;
  projectRoot: string;
  cpus: number;
  memoryMb: number;
  timeoutMs?: number;
  maxRetries: number;
  envAllow: string[];
  keepSandbox: boolean;
  options: Record<string, unknown>;
}
