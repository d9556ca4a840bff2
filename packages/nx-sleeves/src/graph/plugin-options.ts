import { DEFAULT_LAKEHOUSE, DEFAULT_MEMORY_MB, DEFAULT_OUTPUTS_ROOT } from '@nx-sleeves/contracts';
import { LAKEHOUSE_PATH_EXPECTED, lakehousePath, shellWord } from './lakehouse-path';
import { PIPELINE_INPUT_RE } from './profile';
import { LAKEHOUSE_FINGERPRINT_COMMAND } from './lakehouse-fingerprint-cli';
import { PIPELINE_PACKAGE } from './pipeline-package';
import { specBoundProblem } from '../engine/validate';
import { type SlurmOptions, validateBackendName, validateSlurmOptions } from '../engine/backends/slurm/options';

/** Options of the plugin entry in nx.json: `{ "plugin": "nx-sleeves", "options": { ... } }`. */
export interface SleevesPluginOptions {
  /** Name of the inferred target. Default `sleeve`. */
  targetName?: string;
  /** Default cpus of every sleeve (a profile's `resources.cpus` wins). Default 1. */
  cpus?: number;
  /** Default memory limit of every sleeve in MB (a profile's `resources.memoryMb` wins). Default 3072. */
  memoryMb?: number;
  /** Shared lakehouse directory, relative to the workspace root, or absolute outside it (a shared mount). Default `data/lakehouse`. */
  lakehouse?: string;
  /** Root of the sleeve outputs, relative to the workspace root. Default `dist/sleeves`. */
  outputsRoot?: string;
  /** `project:target` that builds the lakehouse; sleeves depend on it. Default none (`false`). */
  lakehouseTarget?: string | false;
  /**
   * Command printing the lakehouse fingerprint (a runtime cache input), run in the workspace root;
   * `{lakehouse}` is replaced by the lakehouse path. `false` leaves the lakehouse out of the hash.
   */
  lakehouseFingerprint?: string | false;
  /** npm name of the pipeline package (default `@nx-sleeves/pipeline`). */
  pipelinePackage?: string;
  /** Infer the `sleeves-dashboard` project and its `sleeve-dashboard` target. Default true. */
  dashboard?: boolean;
  /**
   * Workspace-relative globs of an external (`command`) pipeline's code and config, e.g. `["tradingview_scraper/**\/*.py",
   * "configs/**", "uv.lock"]`: cache inputs of every sleeve and meta-portfolio that runs a command. Default none.
   */
  pipelineInputs?: string[];
  /** Where sleeves run: `local` (default) or `slurm`; read by the executor (never a target option). */
  backend?: 'local' | 'slurm';
  /** Slurm backend settings (docs/engine.md): partition, account, qos, extraArgs, sharedDir, pollMs, maxInFlight, pendingTimeoutMs, mode, pilots, pilotCpus, pilotMemoryMb, pilotIdleMs. */
  slurm?: SlurmOptions;
}

export interface NormalizedPluginOptions {
  targetName: string;
  cpus: number;
  memoryMb: number;
  lakehouse: string;
  outputsRoot: string;
  lakehouseTarget: { project: string; target: string } | undefined;
  lakehouseFingerprint: string | undefined;
  pipelinePackage: string;
  dashboard: boolean;
  /** Globs hashed for every command sleeve (see SleevesPluginOptions.pipelineInputs); undefined when unset. */
  pipelineInputs?: string[];
}

export const DEFAULT_PLUGIN_OPTIONS = {
  targetName: 'sleeve',
  cpus: 1,
  memoryMb: DEFAULT_MEMORY_MB,
  lakehouse: DEFAULT_LAKEHOUSE,
  outputsRoot: DEFAULT_OUTPUTS_ROOT,
  pipelinePackage: PIPELINE_PACKAGE,
  lakehouseFingerprint: LAKEHOUSE_FINGERPRINT_COMMAND,
} as const;

const KNOWN = [
  'targetName',
  'cpus',
  'memoryMb',
  'lakehouse',
  'outputsRoot',
  'lakehouseTarget',
  'lakehouseFingerprint',
  'pipelinePackage',
  'dashboard',
  'pipelineInputs',
  'backend',
  'slurm',
];
const SOURCE = 'nx.json plugin "nx-sleeves" option';

function fail(option: string, value: unknown, expected: string): never {
  throw new Error(`${SOURCE} "${option}": invalid value ${JSON.stringify(value)}; expected ${expected}`);
}

/**
 * A workspace-relative path that stays inside the workspace: no absolute paths, no `..` segments.
 * Sleeve outputs and the lakehouse must not depend on where the clone lives (location independence).
 */
export function isWorkspaceRelativePath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.includes('\\')) return false;
  return value.split('/').every((segment) => segment !== '..' && segment !== '');
}

function relPath(option: string, value: unknown): string {
  const trimmed = typeof value === 'string' ? value.replace(/\/+$/, '') : value;
  if (!isWorkspaceRelativePath(trimmed)) fail(option, value, 'a path relative to the workspace root, without ".."');
  return trimmed;
}

/** A sleeve's default cpus or memoryMb: the engine's bounds, so a default the graph accepts also runs. */
function specBound(option: 'cpus' | 'memoryMb', value: unknown): number {
  const problem = specBoundProblem(option, value);
  if (problem) fail(option, value, problem);
  return value as number;
}

/** A `lakehouseFingerprint` command with `{lakehouse}` replaced by the path as one shell word (pure). */
export function withLakehouse(command: string, lakehouse: string): string {
  return command.split('{lakehouse}').join(shellWord(lakehouse));
}

/** Validates the plugin options from nx.json and fills the defaults (pure). Throws a one-line error. */
export function normalizePluginOptions(raw: unknown): NormalizedPluginOptions {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`nx.json plugin "nx-sleeves" options: invalid value ${JSON.stringify(raw)}; expected an object`);
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) fail(key, o[key], `a known option (${KNOWN.join(', ')})`);
  }
  const targetName = o.targetName ?? DEFAULT_PLUGIN_OPTIONS.targetName;
  if (typeof targetName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9:_-]*$/.test(targetName)) {
    fail('targetName', targetName, 'a target name such as "sleeve"');
  }
  let lakehouseTarget: NormalizedPluginOptions['lakehouseTarget'];
  if (o.lakehouseTarget !== undefined && o.lakehouseTarget !== false) {
    const m = typeof o.lakehouseTarget === 'string' ? /^([^:\s]+):([^:\s]+)$/.exec(o.lakehouseTarget) : null;
    if (!m) fail('lakehouseTarget', o.lakehouseTarget, '"project:target" (e.g. "market-data:lakehouse") or false');
    lakehouseTarget = { project: m[1], target: m[2] };
  }
  const lakehouse = lakehousePath(o.lakehouse ?? DEFAULT_PLUGIN_OPTIONS.lakehouse) ?? fail('lakehouse', o.lakehouse, LAKEHOUSE_PATH_EXPECTED);
  let lakehouseFingerprint: string | undefined;
  const fp = o.lakehouseFingerprint ?? DEFAULT_PLUGIN_OPTIONS.lakehouseFingerprint;
  if (fp !== false) {
    if (typeof fp !== 'string' || fp.trim() === '') fail('lakehouseFingerprint', fp, 'a command string or false');
    // Nx inputs cannot glob outside the workspace: the fingerprint command takes the (absolute) path itself.
    lakehouseFingerprint = withLakehouse(fp, lakehouse);
  }
  const pipelinePackage = o.pipelinePackage ?? DEFAULT_PLUGIN_OPTIONS.pipelinePackage;
  if (typeof pipelinePackage !== 'string' || !/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/.test(pipelinePackage)) {
    fail('pipelinePackage', pipelinePackage, 'an npm package name such as "@nx-sleeves/pipeline"');
  }
  const dashboard = o.dashboard ?? true;
  if (typeof dashboard !== 'boolean') fail('dashboard', dashboard, 'true or false');
  const pipelineInputs = o.pipelineInputs;
  const badGlob = (g: unknown) => typeof g !== 'string' || !PIPELINE_INPUT_RE.test(g);
  if (pipelineInputs !== undefined && (!Array.isArray(pipelineInputs) || pipelineInputs.some(badGlob))) {
    fail('pipelineInputs', pipelineInputs, 'an array of workspace-relative globs (no "..", no leading "/" or "!"), e.g. ["scripts/**/*.py", "uv.lock"]');
  }
  // Validated here so a typo stops the graph with one line; the executor reads them (executors/sleeve/backend.ts).
  if (o.backend !== undefined) validateBackendName(o.backend, `${SOURCE} "backend"`);
  if (o.slurm !== undefined) validateSlurmOptions(o.slurm, `${SOURCE} "slurm"`);
  return {
    targetName,
    cpus: specBound('cpus', o.cpus ?? DEFAULT_PLUGIN_OPTIONS.cpus),
    memoryMb: specBound('memoryMb', o.memoryMb ?? DEFAULT_PLUGIN_OPTIONS.memoryMb),
    lakehouse,
    outputsRoot: relPath('outputsRoot', o.outputsRoot ?? DEFAULT_PLUGIN_OPTIONS.outputsRoot),
    lakehouseTarget,
    lakehouseFingerprint,
    pipelinePackage,
    dashboard,
    pipelineInputs: pipelineInputs === undefined ? undefined : [...(pipelineInputs as string[])],
  };
}
