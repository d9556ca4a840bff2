import type { TargetConfiguration } from '@nx/devkit';
import { CATALOG_FILE, DEFAULT_ENV_ALLOW, DEFAULTS_FILE, DESCRIPTIVE_FIELDS, META_FILE, SLEEVE_FILE, ZIP_FILE } from '@nx-sleeves/contracts';

type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];
import { type NormalizedPluginOptions, withLakehouse } from './plugin-options';
import { LAKEHOUSE_FINGERPRINT_COMMAND } from './lakehouse-fingerprint-cli';
import { shellWord } from './lakehouse-path';
import { PIPELINE_PACKAGE, type PipelinePackageLocation } from './pipeline-package';
import { PINNED_RUNS_COMMAND } from './pinned-runs-cli';
import type { ExternalPipeline, SleeveResources } from './profile';

export const EXECUTOR = 'nx-sleeves:sleeve';
/** Runtime input: prints the plugin version and a digest of the TV_* profile-override variables. */
export const ENV_FINGERPRINT_COMMAND = 'node node_modules/nx-sleeves/dist/graph/env-fingerprint-cli.js';

/**
 * A sleeve's one runtime command: the env fingerprint, plus the lakehouse fingerprint (`--lakehouse <dir>`, a second
 * output line) when `lakehouseFingerprint` is the default command. Nx runs each distinct runtime command once per
 * hashing thread (the threads race on its cache), so two commands cost twice one. A custom `lakehouseFingerprint`
 * command stays a runtime input of its own (see sleeveInputs).
 */
export function envFingerprintCommand(t: Pick<SleeveTargetInput, 'kind' | 'options' | 'external'>): string {
  const words = [ENV_FINGERPRINT_COMMAND];
  if (lakehouseInEnvCommand(t)) words.push('--lakehouse', shellWord(t.options.lakehouse));
  return [...words, ...hashedEnvNames(t.external)].join(' ');
}

function lakehouseInEnvCommand(t: Pick<SleeveTargetInput, 'kind' | 'options'>): boolean {
  const fp = t.options.lakehouseFingerprint;
  return t.kind === 'sleeve' && fp !== undefined && fp === withLakehouse(LAKEHOUSE_FINGERPRINT_COMMAND, t.options.lakehouse);
}

export interface SleeveTargetInput {
  kind: 'sleeve' | 'meta';
  /** Profile name (validated). */
  profile: string;
  description?: string;
  resources: SleeveResources;
  options: NormalizedPluginOptions;
  pipeline: PipelinePackageLocation | undefined;
  /** The run id the outputs are declared for when neither --runId nor a target option gives one. */
  defaultRunId: string;
  /** `production` when nx.json defines it, else `default`. */
  codeInput: string;
  /**
   * Meta only: workspace-relative output folders of its pinned entries (`runId` set in meta-portfolio.json). The
   * meta reads them, but they are outputs of no task it depends on, so a runtime input hashes their bytes.
   */
  pinnedRuns?: string[];
  /** The profile's own `command`, `pipelineInputs`, `envAllow` (see graph/profile.ts). */
  external?: ExternalPipeline;
}

/**
 * Variables a sleeve sees beyond `TV_*` whose values go into its key (hashed by the env fingerprint CLI, never
 * printed): every name or `PREFIX_*` of its allow-list but `TV_*` (hashed for every sleeve) and `PATH` (it differs
 * from machine to machine, so hashing it would end cache sharing; pin the interpreter through `pipelineInputs`, e.g.
 * `uv.lock`). Only for sleeves that run a command or set `envAllow`: a module pipeline with the default list reads
 * no PYTHONPATH.
 */
export function hashedEnvNames(external: ExternalPipeline | undefined): string[] {
  if (!external?.command && !external?.envAllow) return [];
  const allow = external.envAllow ?? DEFAULT_ENV_ALLOW;
  return [...new Set(allow.filter((n) => !n.startsWith('TV_') && n !== 'PATH'))].sort();
}

/** Globs of the external pipeline's code: the plugin's `pipelineInputs` for command sleeves, plus the profile's own. */
export function pipelineInputGlobs(t: Pick<SleeveTargetInput, 'options' | 'external'>): string[] {
  const own = t.external?.pipelineInputs ?? [];
  const shared = t.external?.command ? (t.options.pipelineInputs ?? []) : [];
  return [...new Set([...shared, ...own])];
}

/**
 * The inputs that make up a sleeve's cache key (pure). Everything here is workspace-relative or a name, so two
 * clones in different folders hash alike.
 */
export function sleeveInputs(t: SleeveTargetInput): InputDefinition[] {
  const file = t.kind === 'sleeve' ? SLEEVE_FILE : META_FILE;
  const inputs: InputDefinition[] = [
    // Only the fields that change results: editing a description or tags keeps the cache hit.
    { json: `{projectRoot}/${file}`, excludeFields: [...DESCRIPTIVE_FIELDS] },
    // Any other file a sleeve folder may hold (e.g. a universe list), but not docs.
    '{projectRoot}/**/*',
    `!{projectRoot}/${file}`,
    '!{projectRoot}/**/*.md',
    `{workspaceRoot}/${DEFAULTS_FILE}`,
    // --runId is an option (hashed with the target's options); the env default is hashed here.
    { env: 'TV_RUN_ID' },
    { runtime: envFingerprintCommand(t) },
    // An external pipeline's own code and config (e.g. scripts/**/*.py, configs/**, uv.lock).
    ...pipelineInputGlobs(t).map((g) => `{workspaceRoot}/${g}`),
  ];
  if (t.kind === 'sleeve' && t.options.lakehouseFingerprint && !lakehouseInEnvCommand(t)) {
    inputs.push({ runtime: t.options.lakehouseFingerprint });
  }
  if (t.kind === 'sleeve' && t.options.lakehouseTarget) {
    // Nx hashes a task up front unless an input depends on its dependencies' outputs; such a task is hashed
    // only once they finished. Without this, a cold run would fingerprint the lakehouse before the lakehouse
    // target wrote it, and the next run would miss the cache (or, after a generator change, hit a stale entry).
    inputs.push({ dependentTasksOutputFiles: `**/${CATALOG_FILE}` });
  }
  if (t.kind === 'meta') {
    // The meta reads its sleeves' zips (deterministic bytes), not their profiles: a sleeve whose zip did not
    // change does not rerun the meta.
    inputs.push({ dependentTasksOutputFiles: `**/${ZIP_FILE}` });
    // Pinned entries read another run's folder (not a dependency's output): hash those exact bytes, or "missing".
    const pinned = [...new Set(t.pinnedRuns ?? [])].sort();
    if (pinned.length > 0) inputs.push({ runtime: `${PINNED_RUNS_COMMAND} ${pinned.join(' ')}` });
  }
  // External code: only an installed pipeline package, not the whole lockfile. The engine's own dependencies
  // (archiver writes the zips) are pinned exactly by nx-sleeves, so the plugin version above covers them.
  const external: string[] = [];
  if (t.external?.command) {
    // runs its own code (declared above), not the pipeline package's: a pipeline library edit is not its business
  } else if (t.pipeline?.kind === 'workspace') {
    inputs.push({ input: t.codeInput, projects: `directory:${t.pipeline.dir}` });
  } else if (t.pipeline?.kind === 'external') {
    external.push(t.pipeline.name);
  }
  inputs.push({ externalDependencies: external });
  return inputs;
}

/**
 * The declared output folder. Nx resolves `{options.*}` tokens per task, so `--runId=B` caches and restores only
 * `…/<profile>/B`. Nx does not resolve env tokens in outputs: the TV_RUN_ID default is taken when the graph is
 * computed (the executor refuses to run if the env changed since, rather than cache the wrong folder).
 */
export function sleeveOutput(t: Pick<SleeveTargetInput, 'profile' | 'options' | 'defaultRunId'>): string {
  // Without a `{workspaceRoot}/` prefix: Nx would take a leading token for a glob from the root. The result is
  // workspace-relative either way.
  return `{options.outputPath ?? ${t.options.outputsRoot}/${t.profile}/{options.runId ?? ${t.defaultRunId}}}`;
}

export function buildSleeveTarget(t: SleeveTargetInput): TargetConfiguration {
  const { options } = t;
  const targetOptions: Record<string, unknown> = {
    profile: t.profile,
    lakehouse: options.lakehouse,
    outputsRoot: options.outputsRoot,
    cpus: t.resources.cpus ?? options.cpus,
    memoryMb: t.resources.memoryMb ?? options.memoryMb,
  };
  if (t.resources.timeoutMs !== undefined) targetOptions.timeoutMs = t.resources.timeoutMs;
  if (t.external?.command) targetOptions.command = t.external.command;
  if (t.external?.envAllow) targetOptions.envAllow = t.external.envAllow;
  if (!t.external?.command && options.pipelinePackage !== PIPELINE_PACKAGE) {
    targetOptions.pipeline = t.kind === 'meta' ? `${options.pipelinePackage}/dist/meta/index.js` : options.pipelinePackage;
  }
  const dependsOn: TargetConfiguration['dependsOn'] = ['^build'];
  if (t.kind === 'meta') {
    // Its sleeves (and nested metas) first, with the same --runId.
    dependsOn.push({ dependencies: true, target: options.targetName, params: 'forward' });
  } else if (options.lakehouseTarget) {
    dependsOn.push({ projects: [options.lakehouseTarget.project], target: options.lakehouseTarget.target });
  }
  const what = t.kind === 'meta' ? 'meta-portfolio' : 'sleeve';
  return {
    executor: EXECUTOR,
    cache: true,
    options: targetOptions,
    inputs: sleeveInputs(t),
    outputs: [sleeveOutput(t)],
    dependsOn,
    metadata: {
      technologies: ['nx-sleeves'],
      // The lakehouse folder the key fingerprints: the executor refuses a cached run against another one
      // (`--lakehouse=...` or a project.json option), whose content changes the key would not notice.
      ...(t.kind === 'sleeve' && options.lakehouseFingerprint ? { lakehouseFingerprinted: options.lakehouse } : {}),
      description:
        // Not the profile's own description: `nx affected` compares project configurations, and a description
        // edit must select nothing.
        `Run the ${what} "${t.profile}" in an isolated worker; ` + `writes ${options.outputsRoot}/${t.profile}/<runId>/{artifacts.zip,result.json}`,
    },
  };
}
