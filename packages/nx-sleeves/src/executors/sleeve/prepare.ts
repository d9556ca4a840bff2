import type { ExecutorContext, ProjectConfiguration } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SleeveSpec } from '../../engine';
import { META_FILE, RESULT_FILE, type SleeveInput } from '@nx-sleeves/contracts';
import { parseMetaPortfolio, readJsonObject } from '../../graph/profile';
import { PINNED_RUNS_COMMAND } from '../../graph/pinned-runs-cli';
import { buildSleeveInputs } from './meta-inputs';
import { META_INPUTS_PLACEHOLDER, writeMetaInputsFile } from './meta-inputs-file';

/**
 * Placeholder of a `command`: the workspace root (absolute), e.g. `uv run --directory {workspaceDir} ...`. Not
 * `{workspaceRoot}`: Nx interpolates that token in target options itself (and only at the start of a value).
 */
export const WORKSPACE_ROOT_PLACEHOLDER = '{workspaceDir}';

const PINNED_RUNS_CLI = PINNED_RUNS_COMMAND.split(' ')[1].split('/').pop()!;
import { defaultIsDirectory, normalizeExecutorOptions, outputsCover, relativeToWorkspace } from './options';
import type { SleeveExecutorOptions } from './schema';

export interface TaskRef {
  id: string;
  project: string;
  /** Resolved, workspace-relative outputs Nx declared for the task (what it will cache). */
  outputs?: string[];
  /** Target name (default: taken from the task id `project:target`). */
  target?: string;
}

export interface PrepareContext {
  root: string;
  projects: Record<string, ProjectConfiguration>;
  env: NodeJS.ProcessEnv;
  fileExists?: (p: string) => boolean;
}

function readMeta(root: string, projectRoot: string) {
  const rel = `${projectRoot}/${META_FILE}`;
  const abs = join(root, rel);
  return existsSync(abs) ? parseMetaPortfolio(readJsonObject(abs, rel), rel) : undefined;
}

/**
 * Everything the executor checks before a sleeve runs: options (names, lakehouse, pipeline), that Nx declared the
 * folder the task writes, and for a meta-portfolio the exact inputs it will read. Throws a one-line error.
 */
export function prepareTask(task: TaskRef, options: SleeveExecutorOptions, ctx: PrepareContext): SleeveSpec {
  const project = ctx.projects[task.project];
  if (!project) throw new Error(`project ${JSON.stringify(task.project)} is not in the project graph`);
  const exists = ctx.fileExists ?? existsSync;
  const isMeta = exists(join(ctx.root, project.root, META_FILE));
  const spec = normalizeExecutorOptions(options, {
    workspaceRoot: ctx.root,
    projectName: task.project,
    projectRoot: project.root,
    isMeta,
    env: ctx.env,
    resolveModule: (request) => require.resolve(request, { paths: [ctx.root] }),
    isDirectory: defaultIsDirectory,
  });
  const outRel = relativeToWorkspace(ctx.root, spec.outputPath);
  if (!outputsCover(task.outputs, outRel)) {
    throw new Error(
      `option "runId": ${JSON.stringify(spec.runId)} (from env TV_RUN_ID) makes this task write ${outRel}, but Nx declared its outputs as ` +
        `${(task.outputs ?? []).join(', ')} (the project graph was computed with another TV_RUN_ID); pass --runId=${spec.runId} or run "nx reset"`,
    );
  }
  // The workspace's absolute path is this machine's business: filled in here, so the key (the target's options)
  // holds only the placeholder and clones in different folders still hash alike.
  if (spec.command) spec.command = spec.command.map((a) => a.split(WORKSPACE_ROOT_PLACEHOLDER).join(ctx.root));
  if (!isMeta) assertLakehouseFingerprinted(task, project, ctx.root, spec.lakehouse);
  if (isMeta) {
    const inputs = buildSleeveInputs(task.project, spec.runId, { projects: ctx.projects, readMeta: (_p, r) => readMeta(ctx.root, r) });
    const targetName = task.target ?? task.id.split(':')[1] ?? 'sleeve';
    const missing: string[] = [];
    for (const input of inputs) {
      const result = join(ctx.root, input.outputPath, RESULT_FILE);
      if (!exists(result)) {
        missing.push(
          `sleeve "${input.id}": no result at ${input.outputPath}/${RESULT_FILE} (produce it with: npx nx run ${input.project}:${targetName} --runId=${input.runId})`,
        );
        continue;
      }
      const status = (JSON.parse(readFileSync(result, 'utf8')) as { status?: string }).status;
      if (status !== 'success') {
        throw new Error(
          `${project.root}/${META_FILE}: sleeve "${input.id}": ${input.outputPath}/result.json has status ${JSON.stringify(status)}; expected "success"`,
        );
      }
    }
    if (missing.length > 0) {
      // every missing run at once, each with the command that produces it (one line: Nx shows it as the task's error)
      throw new Error(`${project.root}/${META_FILE}: ${missing.length} input run(s) missing; expected each to have run first: ${missing.join('; ')}`);
    }
    assertPinnedRunsHashed(task, project, inputs, spec.runId);
    spec.options = { ...(spec.options ?? {}), sleeveInputs: inputs };
    if (spec.command?.some((a) => a.includes(META_INPUTS_PLACEHOLDER))) {
      const file = writeMetaInputsFile(ctx.root, spec.profile, spec.runId, inputs);
      spec.command = spec.command.map((a) => a.split(META_INPUTS_PLACEHOLDER).join(file));
    }
  }
  return spec;
}

function targetOf(task: TaskRef, project: ProjectConfiguration) {
  const targetName = task.target ?? task.id.split(':')[1];
  return targetName ? project.targets?.[targetName] : undefined;
}

/**
 * The plugin fingerprints one lakehouse folder (its `lakehouse` option) in every sleeve's key. A sleeve run against
 * another folder (`--lakehouse=...`, or a project.json option) would be cached under a key blind to that folder's
 * content: regenerate it and the next run is a stale hit. Such a cached run fails instead.
 */
function assertLakehouseFingerprinted(task: TaskRef, project: ProjectConfiguration, root: string, lakehouse: string): void {
  const target = targetOf(task, project);
  const fingerprinted = (target?.metadata as { lakehouseFingerprinted?: unknown } | undefined)?.lakehouseFingerprinted;
  if (!target || target.cache === false || typeof fingerprinted !== 'string') return;
  // Both sides absolute: the fingerprinted folder may be workspace-relative or outside the workspace.
  if (resolve(root, fingerprinted) === lakehouse) return;
  const rel = relativeToWorkspace(root, lakehouse);
  const lakehouseRel = rel.startsWith('..') ? lakehouse : rel;
  throw new Error(
    `option "lakehouse": invalid value ${JSON.stringify(lakehouseRel)}; expected the lakehouse this target's cache key fingerprints ` +
      `(${JSON.stringify(fingerprinted)}): the key would not notice changes in ${lakehouseRel}. Set the plugin option "lakehouse" in nx.json instead`,
  );
}

/**
 * A meta-portfolio entry with a pinned run id reads a folder that is the output of no task the meta depends on, so
 * only the target's pinned-runs runtime input (see graph/pinned-runs-cli.ts) puts those bytes into its cache key.
 * If the target does not hash exactly the folder the meta pipeline will read (a project.json overriding `inputs`,
 * a project named differently from its profile, an `outputPath` option), caching the result could replay a stale
 * meta-portfolio after the pinned run changed: fail instead, saying what to add.
 */
function assertPinnedRunsHashed(task: TaskRef, project: ProjectConfiguration, inputs: SleeveInput[], runId: string): void {
  const target = targetOf(task, project);
  if (!target || target.cache === false) return; // nothing cached: nothing can be stale
  const hashed = new Set<string>();
  for (const input of target.inputs ?? []) {
    if (typeof input === 'object' && input !== null && 'runtime' in input && typeof input.runtime === 'string') {
      const argv = input.runtime.trim().split(/\s+/);
      if (argv.some((a) => a.endsWith(PINNED_RUNS_CLI))) for (const a of argv) hashed.add(a);
    }
  }
  for (const input of inputs) {
    if (input.runId === runId || hashed.has(input.outputPath)) continue;
    throw new Error(
      `${project.root}/${META_FILE}: sleeve "${input.id}": pinned run ${input.outputPath} is not part of this target's cache key; ` +
        `expected the input { "runtime": "${PINNED_RUNS_COMMAND} ${input.outputPath}" } (a cached meta-portfolio could otherwise be stale)`,
    );
  }
}

export function prepareContextFrom(context: ExecutorContext, env: NodeJS.ProcessEnv = process.env): PrepareContext {
  return { root: context.root, projects: context.projectsConfigurations.projects, env };
}
