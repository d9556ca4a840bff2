import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_LAKEHOUSE, DEFAULT_OUTPUTS_ROOT, isValidName, NAME_PATTERN, runOutputPath } from '@nx-sleeves/contracts';
import { isWorkspaceRelativePath } from '../../graph/plugin-options';
import { isAbsoluteLakehousePath, LAKEHOUSE_PATH_EXPECTED, lakehousePath } from '../../graph/lakehouse-path';
import { packageNameOf, PIPELINE_PACKAGE, pipelineInstallHint } from '../../graph/pipeline-package';
import type { SleeveSpec } from '../../engine';
import { normalizeSpec, SpecError } from '../../engine/validate';
import type { SleeveExecutorOptions } from './schema';

export const META_PIPELINE_SUBPATH = 'dist/meta/index.js';

/** What the normaliser needs from the outside world (injected so it stays testable without files). */
export interface NormalizeContext {
  workspaceRoot: string;
  projectName: string;
  /** Workspace-relative project folder. */
  projectRoot: string;
  isMeta: boolean;
  env: NodeJS.ProcessEnv;
  /** Resolves a module request from the workspace root; throws when it cannot. */
  resolveModule: (request: string) => string;
  isDirectory: (absPath: string) => boolean;
}

function fail(option: string, value: unknown, expected: string): never {
  throw new Error(`option "${option}": invalid value ${JSON.stringify(value)}; expected ${expected}`);
}

function name(option: string, value: unknown, source = option): string {
  if (!isValidName(value)) {
    fail(source, value, `a name matching ${NAME_PATTERN.source} (no path separators)`);
  }
  return value;
}

function relPath(option: string, value: unknown): string {
  const v = typeof value === 'string' ? value.replace(/\/+$/, '') : value;
  if (!isWorkspaceRelativePath(v)) fail(option, value, 'a path relative to the workspace root, without ".."');
  return v;
}

/** The run id: --runId / target option, else TV_RUN_ID, else `dev`. */
export function effectiveRunId(options: Pick<SleeveExecutorOptions, 'runId'>, env: NodeJS.ProcessEnv): { runId: string; source: string } {
  if (options.runId !== undefined) return { runId: name('runId', options.runId), source: 'option "runId"' };
  if (env.TV_RUN_ID !== undefined && env.TV_RUN_ID !== '') {
    return { runId: name('runId', env.TV_RUN_ID, 'runId (from env TV_RUN_ID)'), source: 'env TV_RUN_ID' };
  }
  return { runId: 'dev', source: 'default' };
}

/** The workspace-relative folder the sleeve writes to. */
export function outputPathOf(options: SleeveExecutorOptions, profile: string, runId: string): string {
  if (options.outputPath !== undefined) return relPath('outputPath', options.outputPath);
  return runOutputPath(relPath('outputsRoot', options.outputsRoot ?? DEFAULT_OUTPUTS_ROOT), profile, runId);
}

function resolvePipeline(request: string, ctx: NormalizeContext): string {
  // A path relative to the workspace root first, then a package request (`@scope/pkg/sub/path`).
  const attempts = isAbsolute(request) ? [request] : [resolve(ctx.workspaceRoot, request), request];
  for (const attempt of attempts) {
    try {
      return ctx.resolveModule(attempt);
    } catch {
      // next
    }
  }
  const pkg = isAbsolute(request) ? undefined : packageNameOf(request);
  if (pkg && ![`${pkg}/package.json`, pkg].some((r) => resolves(r, ctx))) {
    fail('pipeline', request, `an installed package (${pipelineInstallHint(pkg, ctx.workspaceRoot)})`);
  }
  fail('pipeline', request, 'a JS module exporting run(context): a path relative to the workspace root or an installed package');
}

function resolves(request: string, ctx: NormalizeContext): boolean {
  try {
    ctx.resolveModule(request);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns executor options into an engine spec (everything absolute). Checks here only what is Nx's: names, the
 * pipeline request, workspace-relative paths; the rest (bounds, envAllow, argv) is the engine's `normalizeSpec`,
 * run here so its error names the option. Throws a one-line error naming the option, the value and the
 * expectation. Meta-portfolio inputs are added by the caller.
 */
export function normalizeExecutorOptions(options: SleeveExecutorOptions, ctx: NormalizeContext): SleeveSpec {
  if (options.configError) throw new Error(options.configError);
  const profile = name('profile', options.profile);
  const { runId } = effectiveRunId(options, ctx.env);
  if (options.pipeline !== undefined && options.command !== undefined) {
    fail('pipeline', options.pipeline, 'either "pipeline" or "command", not both');
  }
  let pipeline: string | undefined;
  let command: string[] | undefined;
  if (options.command !== undefined) {
    command = options.command;
  } else {
    const request = options.pipeline ?? (ctx.isMeta ? `${PIPELINE_PACKAGE}/${META_PIPELINE_SUBPATH}` : PIPELINE_PACKAGE);
    if (typeof request !== 'string' || request === '') fail('pipeline', request, 'a module path or package name');
    pipeline = resolvePipeline(request, ctx);
  }
  const lakehouseOpt = lakehousePath(options.lakehouse ?? DEFAULT_LAKEHOUSE) ?? fail('lakehouse', options.lakehouse, LAKEHOUSE_PATH_EXPECTED);
  const lakehouse = resolveLakehouse(ctx.workspaceRoot, lakehouseOpt);
  if (!ctx.isDirectory(lakehouse)) {
    fail(
      'lakehouse',
      lakehouseOpt,
      isAbsolute(lakehouseOpt)
        ? `an existing directory (${lakehouse} does not exist or is not mounted)`
        : `an existing directory (${lakehouse} does not exist; build the lakehouse first)`,
    );
  }
  const outputPath = outputPathOf(options, profile, runId);
  const spec: SleeveSpec = {
    name: ctx.projectName,
    profile,
    runId,
    lakehouse,
    outputPath: join(ctx.workspaceRoot, outputPath),
    workspaceRoot: ctx.workspaceRoot,
    projectRoot: join(ctx.workspaceRoot, ctx.projectRoot),
  };
  if (pipeline !== undefined) spec.pipeline = pipeline;
  if (command !== undefined) spec.command = command;
  for (const key of ['cpus', 'memoryMb', 'timeoutMs', 'maxRetries', 'envAllow', 'keepSandbox'] as const) {
    if (options[key] !== undefined) Object.assign(spec, { [key]: options[key] });
  }
  try {
    const checked = normalizeSpec(spec);
    if (spec.command !== undefined) spec.command = checked.command;
    if (spec.envAllow !== undefined) spec.envAllow = checked.envAllow;
  } catch (e) {
    const c = (e as Error).cause;
    if (c instanceof SpecError) fail(c.field, c.value, c.expected);
    throw e;
  }
  return spec;
}

/**
 * Whether Nx declared (and so will cache and restore) the folder this task writes. It would not when TV_RUN_ID
 * changed after the project graph was computed (the Nx daemon keeps graphs): caching then would store the wrong
 * folder, so the task fails instead. `declared` are the task's resolved, workspace-relative outputs.
 */
export function outputsCover(declared: string[] | undefined, outputPathRel: string): boolean {
  if (!declared || declared.length === 0) return true; // nothing cached: nothing to get wrong
  const target = outputPathRel.split(sep).join('/');
  return declared.some((o) => {
    const d = o.replace(/^\{workspaceRoot\}\//, '').replace(/\/+$/, '');
    return target === d || target.startsWith(`${d}/`) || d.startsWith(`${target}/`);
  });
}

/**
 * The absolute lakehouse folder of a (validated) option value. An absolute path inside the workspace is refused: it
 * would put the clone's location into every cache key; the workspace-relative spelling means the same folder.
 */
export function resolveLakehouse(workspaceRoot: string, value: string): string {
  if (!isAbsoluteLakehousePath(value)) return join(workspaceRoot, value);
  const abs = resolve(value);
  const rel = relative(workspaceRoot, abs);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    fail(
      'lakehouse',
      value,
      `a workspace-relative path for a folder inside the workspace ("${rel.split(sep).join('/') || '.'}"): an absolute one would make cache keys depend on where the clone lives`,
    );
  }
  return abs;
}

export function relativeToWorkspace(workspaceRoot: string, abs: string): string {
  return relative(workspaceRoot, abs).split(sep).join('/');
}

export function defaultIsDirectory(absPath: string): boolean {
  try {
    return statSync(absPath).isDirectory();
  } catch {
    return false;
  }
}
