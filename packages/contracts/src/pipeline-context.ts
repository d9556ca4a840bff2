/**
 * What a module pipeline's `run(context)` receives (docs/design/contracts.md, "Pipeline contract"): the engine's
 * worker builds it, the pipelines (`@nx-sleeves/pipeline`, a team's own module) read it.
 */
export interface PipelineContext {
  profile: string;
  runId: string;
  /** absolute */
  workspaceRoot: string;
  /** absolute; the sleeve project's folder (holds sleeve.json) */
  projectRoot: string;
  /** absolute, also the cwd */
  sandboxDir: string;
  /** `<sandbox>/data/artifacts`, zipped as `artifacts/` */
  artifactsDir: string;
  /** `<sandbox>/data/logs`, zipped as `logs/` */
  logsDir: string;
  /** `<sandbox>/data/lakehouse`: the sleeve's read-only view of the shared lakehouse */
  lakehouseDir: string;
  cpus: number;
  memoryMb: number;
  /** the allow-listed env the sleeve sees (also process.env) */
  env: Record<string, string>;
  /** the spec's `options` (JSON) */
  options: Record<string, unknown>;
  /** → data/logs/sleeve.log and the prefixed terminal */
  log(line: string): void;
  /** a one-line progress message (logged too) */
  progress(stage: string, detail?: string): void;
  signal: AbortSignal;
}
