import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ENV_ALLOW, DEFAULT_MEMORY_MB, ENV_ALLOW_PATTERN, validateName } from '@nx-sleeves/contracts';
import type { NormalizedSpec, SleeveSpec } from './types';

/** A node worker alone takes about 45 MB. */
export const MIN_MEMORY_MB = 64;

/** A spec field with a bad value; callers with their own names for fields (the Nx executor) reword it. */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${field}: invalid value ${JSON.stringify(value)}; expected ${expected}`);
  }
}

function fail(field: string, value: unknown, expected: string): never {
  throw new SpecError(field, value, expected);
}

function absolute(field: string, value: unknown): string {
  if (typeof value !== 'string' || !path.isAbsolute(value)) fail(field, value, 'an absolute path');
  return path.normalize(value);
}

/** Node's timers hold at most 2^31 - 1 ms; a longer delay fires after 1 ms (a sleeve would time out at once). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** JSON Schema's words for a numeric bound, so a schema can state the same (executors/sleeve/schema.json does). */
export interface NumericBound {
  type: 'number' | 'integer';
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

/** The bounds of a spec's numeric fields: their one definition (the executor's schema.json is checked against it). */
export const SPEC_BOUNDS = {
  cpus: { type: 'number', exclusiveMinimum: 0 },
  memoryMb: { type: 'integer', minimum: MIN_MEMORY_MB },
  timeoutMs: { type: 'integer', minimum: 1, maximum: MAX_TIMEOUT_MS },
  maxRetries: { type: 'integer', minimum: 0 },
} as const satisfies Record<string, NumericBound>;

/**
 * What a spec field must be, when `value` is not that (pure; `undefined` when it is): `an integer >= 64`. The graph
 * checks profiles' `resources` and the plugin options with it too, so every layer refuses the same values.
 */
export function specBoundProblem(field: keyof typeof SPEC_BOUNDS, value: unknown): string | undefined {
  const b: NumericBound = SPEC_BOUNDS[field];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (b.type === 'number' || Number.isInteger(value)) &&
    (b.minimum === undefined || value >= b.minimum) &&
    (b.exclusiveMinimum === undefined || value > b.exclusiveMinimum) &&
    (b.maximum === undefined || value <= b.maximum);
  if (ok) return undefined;
  const limits = [
    b.exclusiveMinimum === undefined ? '' : `> ${b.exclusiveMinimum}`,
    b.minimum === undefined ? '' : `>= ${b.minimum}`,
    b.maximum === undefined ? '' : `<= ${b.maximum}`,
  ].filter(Boolean);
  return `${b.type === 'integer' ? 'an integer' : 'a number'} ${limits.join(' and ')}`;
}

function bounded(field: keyof typeof SPEC_BOUNDS, value: unknown, note = ''): number {
  const problem = specBoundProblem(field, value);
  if (problem) fail(field, value, `${problem}${note}`);
  return value as number;
}

/**
 * Fills defaults and validates one spec (pure: no file system access). Errors name the sleeve and field:
 * `sleeve "x": memoryMb: invalid value -1; expected an integer >= 64`.
 */
export function normalizeSpec(spec: SleeveSpec, index = 0): NormalizedSpec {
  const label = `sleeve ${JSON.stringify(spec?.name ?? spec?.profile ?? `#${index}`)}`;
  try {
    if (!spec || typeof spec !== 'object') fail('spec', spec, 'an object');
    const profile = validateName('profile', spec.profile);
    const runId = validateName('runId', spec.runId);
    const name = spec.name ?? profile;
    if (typeof name !== 'string' || name.length === 0 || /[\r\n]/.test(name)) fail('name', name, 'a one-line string');
    if (spec.pipeline !== undefined && spec.command !== undefined) {
      fail('pipeline/command', { pipeline: spec.pipeline, command: spec.command }, 'either pipeline or command, not both');
    }
    if (spec.pipeline === undefined && spec.command === undefined) {
      fail('pipeline', undefined, 'a pipeline module path or a command (one of them is required)');
    }
    const pipeline = spec.pipeline === undefined ? undefined : absolute('pipeline', spec.pipeline);
    let command: string[] | undefined;
    if (spec.command !== undefined) {
      if (!Array.isArray(spec.command) || spec.command.length === 0 || spec.command.some((a) => typeof a !== 'string' || a === '')) {
        fail('command', spec.command, 'a non-empty array of non-empty strings (argv)');
      }
      command = [...spec.command];
    }
    const workspaceRoot = spec.workspaceRoot === undefined ? process.cwd() : absolute('workspaceRoot', spec.workspaceRoot);
    const envAllow = spec.envAllow ?? DEFAULT_ENV_ALLOW;
    if (!Array.isArray(envAllow) || envAllow.some((e) => typeof e !== 'string' || !ENV_ALLOW_PATTERN.test(e))) {
      fail('envAllow', envAllow, 'an array of variable names or PREFIX_* patterns');
    }
    const options = spec.options ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) fail('options', options, 'a JSON object');
    try {
      JSON.stringify(options);
    } catch {
      fail('options', '[unserialisable]', 'a JSON-serialisable object');
    }
    if (spec.keepSandbox !== undefined && typeof spec.keepSandbox !== 'boolean') fail('keepSandbox', spec.keepSandbox, 'true or false');
    return {
      name,
      profile,
      runId,
      pipeline,
      command,
      lakehouse: absolute('lakehouse', spec.lakehouse),
      outputPath: absolute('outputPath', spec.outputPath),
      workspaceRoot,
      sandboxParent: spec.workspaceRoot === undefined ? path.join(os.tmpdir(), 'nx-sleeves') : path.join(workspaceRoot, 'tmp', 'sleeves'),
      projectRoot: spec.projectRoot === undefined ? workspaceRoot : absolute('projectRoot', spec.projectRoot),
      cpus: bounded('cpus', spec.cpus ?? 1),
      memoryMb: bounded('memoryMb', spec.memoryMb ?? DEFAULT_MEMORY_MB),
      timeoutMs: spec.timeoutMs === undefined ? undefined : bounded('timeoutMs', spec.timeoutMs, ' (about 24.8 days at most; omit it for no timeout)'),
      maxRetries: bounded('maxRetries', spec.maxRetries ?? 0),
      envAllow: [...envAllow],
      keepSandbox: spec.keepSandbox === true,
      options: options as Record<string, unknown>,
    };
  } catch (e) {
    throw new Error(`${label}: ${(e as Error).message}`, { cause: e });
  }
}

/** The file-system half of validation (kept apart from the pure part): inputs that must exist do. */
export function checkSpecPaths(spec: NormalizedSpec): void {
  const label = `sleeve ${JSON.stringify(spec.name)}`;
  if (!fs.statSync(spec.lakehouse, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${label}: lakehouse: invalid value ${JSON.stringify(spec.lakehouse)}; expected an existing directory`);
  }
  if (spec.pipeline !== undefined && !fs.statSync(spec.pipeline, { throwIfNoEntry: false })?.isFile()) {
    throw new Error(`${label}: pipeline: invalid value ${JSON.stringify(spec.pipeline)}; expected an existing JS module file`);
  }
}
