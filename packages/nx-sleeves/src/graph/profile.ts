import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { assertName, ENV_ALLOW_PATTERN } from '@nx-sleeves/contracts';
import { specBoundProblem } from '../engine/validate';

export interface SleeveResources {
  cpus?: number;
  memoryMb?: number;
  timeoutMs?: number;
}

/**
 * How a profile runs when it is not the built-in pipeline (fields read by the plugin, not by the pipeline):
 * `command` (argv of an external pipeline, executor placeholders), `pipelineInputs` (workspace-relative globs of that
 * pipeline's code and config, hashed into the cache key), `envAllow` (variables let through to it, hashed too).
 */
export interface ExternalPipeline {
  command?: string[];
  pipelineInputs?: string[];
  envAllow?: string[];
}

export interface SleeveProfileInfo extends ExternalPipeline {
  kind: 'sleeve';
  /** The profile name: `name`, else the folder name. */
  name: string;
  description?: string;
  resources: SleeveResources;
}

export interface MetaSleeveEntry {
  id: string;
  /** Nx project name of the sleeve (or nested meta-portfolio). */
  project: string;
  /** Pinned run id of that sleeve; default: the meta's own run id. */
  runId?: string;
}

export interface MetaPortfolioInfo extends ExternalPipeline {
  kind: 'meta';
  name: string;
  description?: string;
  resources: SleeveResources;
  sleeves: MetaSleeveEntry[];
}

function fail(file: string, field: string, value: unknown, expected: string): never {
  throw new Error(`${file}: ${field}: invalid value ${JSON.stringify(value)}; expected ${expected}`);
}

/** Parses a JSON object file; errors name the file (`apps/x/sleeve.json: invalid JSON: ...`). */
export function readJsonObject(absPath: string, displayPath: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (e) {
    throw new Error(`${displayPath}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${displayPath}: invalid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(displayPath, '(root)', parsed, 'a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function profileName(json: Record<string, unknown>, file: string): string {
  const name = json.name ?? basename(dirname(file));
  return assertName(`${file}: name`, name);
}

function description(json: Record<string, unknown>, file: string): string | undefined {
  if (json.description === undefined) return undefined;
  if (typeof json.description !== 'string') fail(file, 'description', json.description, 'a string');
  return json.description;
}

function resources(json: Record<string, unknown>, file: string): SleeveResources {
  const r = json.resources;
  if (r === undefined) return {};
  if (typeof r !== 'object' || r === null || Array.isArray(r)) fail(file, 'resources', r, 'an object');
  const out: SleeveResources = {};
  for (const key of ['cpus', 'memoryMb', 'timeoutMs'] as const) {
    const v = (r as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const problem = specBoundProblem(key, v); // the engine's bounds: a profile the graph accepts also runs
    if (problem) fail(file, `resources.${key}`, v, problem);
    out[key] = v as number;
  }
  return out;
}

/** A workspace-relative glob: no absolute path, no `..`, no `!` (exclusions belong in a project.json). */
export const PIPELINE_INPUT_RE = /^(?![/\\])(?!.*(^|\/)\.\.(\/|$))[^!\s\\][^\s\\]*$/;

function stringList(json: Record<string, unknown>, file: string, field: string, re: RegExp, expected: string): string[] | undefined {
  const v = json[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || !re.test(x))) fail(file, field, v, expected);
  return [...(v as string[])];
}

/** `command`, `pipelineInputs`, `envAllow` of a profile (validated; see ExternalPipeline). */
export function externalPipeline(json: Record<string, unknown>, file: string): ExternalPipeline {
  const out: ExternalPipeline = {};
  const command = stringList(json, file, 'command', /^.+$/s, 'a non-empty array of non-empty strings (argv)');
  if (command) out.command = command;
  const inputs = stringList(json, file, 'pipelineInputs', PIPELINE_INPUT_RE, 'a non-empty array of workspace-relative globs (no "..", no leading "/" or "!")');
  if (inputs) out.pipelineInputs = inputs;
  const env = stringList(json, file, 'envAllow', ENV_ALLOW_PATTERN, 'a non-empty array of variable names or PREFIX_* patterns');
  if (env) out.envAllow = env;
  return out;
}

/**
 * Parses the fields of a profile that shape the Nx project (name, description, resources). The full profile
 * schema is the pipeline's business; this only checks what the graph needs. Used by the generators too.
 * @param file path shown in errors (workspace-relative)
 */
export function parseSleeveProfile(json: Record<string, unknown>, file: string): SleeveProfileInfo {
  return {
    kind: 'sleeve',
    name: profileName(json, file),
    description: description(json, file),
    resources: resources(json, file),
    ...externalPipeline(json, file),
  };
}

export function parseMetaPortfolio(json: Record<string, unknown>, file: string): MetaPortfolioInfo {
  const sleeves = json.sleeves;
  if (!Array.isArray(sleeves) || sleeves.length === 0) fail(file, 'sleeves', sleeves, 'a non-empty array of { id, project, runId? }');
  const seen = new Set<string>();
  const entries = sleeves.map((s, i): MetaSleeveEntry => {
    const where = `sleeves[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) fail(file, where, s, 'an object { id, project, runId? }');
    const e = s as Record<string, unknown>;
    const id = assertName(`${file}: ${where}.id`, e.id);
    if (seen.has(id)) fail(file, `${where}.id`, id, 'an id not used by another entry');
    seen.add(id);
    if (typeof e.project !== 'string' || e.project.trim() === '') fail(file, `${where}.project`, e.project, 'an Nx project name');
    const runId = e.runId === undefined ? undefined : assertName(`${file}: ${where}.runId`, e.runId);
    return runId === undefined ? { id, project: e.project } : { id, project: e.project, runId };
  });
  return {
    kind: 'meta',
    name: profileName(json, file),
    description: description(json, file),
    resources: resources(json, file),
    sleeves: entries,
    ...externalPipeline(json, file),
  };
}

/** Reads and parses `sleeve.json`. */
export function readSleeveProfile(absPath: string, displayPath = absPath): SleeveProfileInfo {
  return parseSleeveProfile(readJsonObject(absPath, displayPath), displayPath);
}

/** Reads and parses `meta-portfolio.json`. */
export function readMetaPortfolio(absPath: string, displayPath = absPath): MetaPortfolioInfo {
  return parseMetaPortfolio(readJsonObject(absPath, displayPath), displayPath);
}
