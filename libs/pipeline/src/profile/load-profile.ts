import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULTS_FILE, NAME_PATTERN, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { parseEnvOverrides, type EnvOverride } from './env-overrides';
import { profileError } from './errors';
import { deepMerge, getPath, isPlainObject, setPath } from './merge';
import { describeError, errorPath, fieldName, schemaFor } from './schemas';
import type { SleeveProfile } from './types';

export { SLEEVE_FILE as PROFILE_FILE, DEFAULTS_FILE };

/** Where each loaded profile came from (for errors raised later by resolveUniverse/checkWindows). */
const sources = new WeakMap<object, string>();

/** The file a profile was loaded from (workspace-relative), if it came from loadProfile. */
export function profileSource(profile: object): string | undefined {
  return sources.get(profile);
}

/** Path for messages: relative to the workspace when inside it, '/'-separated. */
export function displayPath(workspaceRoot: string, file: string): string {
  const rel = path.relative(workspaceRoot, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** Reads a JSON object file; undefined when missing and `optional`. */
export function readJsonObject(file: string, shown: string, optional = false): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && optional) return undefined;
    throw profileError(shown, undefined, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw profileError(shown, undefined, `invalid JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(json)) throw profileError(shown, undefined, `expected a JSON object, got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  return json;
}

/**
 * The effective profile of a sleeve project: `<workspaceRoot>/sleeve.defaults.json` (optional) deep-merged
 * under `<projectRoot>/sleeve.json`, then `TV_SECTION__FIELD` overrides from `env`, then schema defaults
 * and validation. `name` defaults to the project folder name. Throws a ProfileError naming the file
 * (or env var) that supplied the bad value, the field and what was expected.
 */
export function loadProfile(args: { workspaceRoot: string; projectRoot: string; env?: Record<string, string | undefined> }): SleeveProfile {
  const { workspaceRoot, projectRoot } = args;
  const profileFile = path.join(projectRoot, SLEEVE_FILE);
  const defaultsFile = path.join(workspaceRoot, DEFAULTS_FILE);
  const shownProfile = displayPath(workspaceRoot, profileFile);
  const shownDefaults = displayPath(workspaceRoot, defaultsFile);

  const own = readJsonObject(profileFile, shownProfile)!;
  const defaults = readJsonObject(defaultsFile, shownDefaults, true) ?? {};
  for (const k of ['name', 'universe'] as const) {
    if (k in defaults) throw profileError(shownDefaults, k, 'not allowed in workspace defaults (set it in each sleeve.json)');
  }
  const { schema, validate } = schemaFor('sleeve');
  const overrides: EnvOverride[] = parseEnvOverrides(args.env ?? {}, schema);

  let merged = deepMerge(defaults, own) as Record<string, unknown>;
  delete merged.$schema;
  for (const o of overrides) merged = setPath(merged, o.path, o.value);
  if (merged.name === undefined) merged.name = path.basename(path.resolve(projectRoot));

  // Which layer supplied a field: the last env override on it, else sleeve.json, else the defaults.
  const originOf = (segs: string[]): string => {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const p = overrides[i].path;
      const n = Math.min(p.length, segs.length);
      if (p.slice(0, n).every((s, k) => s === segs[k])) return `env ${overrides[i].key}`;
    }
    if (getPath(own, segs) !== undefined || segs.length <= 1) return shownProfile;
    return getPath(defaults, segs) !== undefined ? shownDefaults : shownProfile;
  };

  if (!validate(merged)) {
    const err = validate.errors![0];
    const segs = errorPath(err);
    throw profileError(originOf(segs), fieldName(segs), describeError(err));
  }
  const profile = inSchemaOrder(merged, schema) as unknown as SleeveProfile;
  if (!NAME_PATTERN.test(profile.name)) {
    throw profileError(
      shownProfile,
      'name',
      `expected a name matching ${NAME_PATTERN.source} (the folder name is used when name is not set), got ${JSON.stringify(profile.name)}`,
    );
  }
  checkConsistency(profile, originOf);
  sources.set(profile, shownProfile);
  return profile;
}

/** Top-level keys in the schema's order (name, description, universe, data, ...), so a resolved
 * profile reads the same whichever layer supplied a field. */
function inSchemaOrder(obj: Record<string, unknown>, schema: { properties?: Record<string, unknown> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(schema.properties ?? {})) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Rules that span fields (the schema checks each field alone). */
function checkConsistency(p: SleeveProfile, originOf: (segs: string[]) => string): void {
  const u = p.universe;
  if (!u.symbols && !u.market) {
    throw profileError(originOf(['universe']), 'universe', 'expected "symbols" (a list of EXCHANGE_SYMBOL ids) or "market" (e.g. us_equity, crypto, etf)');
  }
  if (p.data.minDaysFloor > p.data.lookbackDays) {
    throw profileError(
      originOf(['data', 'minDaysFloor']),
      'data.minDaysFloor',
      `expected <= data.lookbackDays (${p.data.lookbackDays}), got ${p.data.minDaysFloor}`,
    );
  }
  const sel = p.selection;
  for (const f of ['grossExposure', 'netExposure'] as const) {
    if (sel[f] !== undefined && sel.direction !== 'long_short') {
      throw profileError(
        originOf(['selection', f]),
        `selection.${f}`,
        `only used with selection.direction "long_short", got direction ${JSON.stringify(sel.direction)}`,
      );
    }
  }
  if (sel.direction === 'long_short' && Math.abs(sel.netExposure ?? 0) > (sel.grossExposure ?? 1)) {
    throw profileError(
      originOf(['selection', 'netExposure']),
      'selection.netExposure',
      `expected |netExposure| <= grossExposure (${sel.grossExposure ?? 1}; each book's exposure (gross ± net)/2 must be >= 0), got ${sel.netExposure}`,
    );
  }
  if (p.backtest.trainWindow + p.backtest.testWindow > p.data.lookbackDays) {
    throw profileError(
      originOf(['backtest', 'trainWindow']),
      'backtest.trainWindow',
      `expected trainWindow + testWindow <= data.lookbackDays (${p.data.lookbackDays}), got ${p.backtest.trainWindow} + ${p.backtest.testWindow}`,
    );
  }
}
