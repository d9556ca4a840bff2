import { profileError } from './errors';
import type { JsonSchema } from './schemas';

export interface EnvOverride {
  /** the variable, e.g. `TV_RISK__ENGINE` */
  key: string;
  /** the field path, e.g. ['risk', 'engine'] */
  path: string[];
  value: unknown;
}

/** Variables that steer the run rather than override a field. */
const NOT_OVERRIDES = new Set(['TV_PROFILE', 'TV_RUN_ID']);
/** Top-level blocks that may be overridden (not `name`, which becomes a path). */
const SECTIONS = new Set(['universe', 'data', 'selection', 'risk', 'backtest', 'resources']);

const norm = (s: string) => s.replace(/[_-]/g, '').toLowerCase();

/**
 * `TV_<SECTION>__<FIELD>=value` → field overrides (pure). Names are matched case-insensitively and
 * without underscores against the schema (`TV_DATA__MIN_DAYS_FLOOR` → data.minDaysFloor). Values are
 * JSON when they parse, else strings; for array fields a non-JSON value is split on commas. Variables
 * without `__` (and TV_PROFILE, TV_RUN_ID) are not overrides; a `__` variable naming no field is an error.
 */
export function parseEnvOverrides(env: Record<string, string | undefined>, schema: JsonSchema): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const key of Object.keys(env).sort()) {
    const raw = env[key];
    if (!key.startsWith('TV_') || NOT_OVERRIDES.has(key) || raw === undefined) continue;
    const segs = key.slice(3).split('__');
    if (segs.length < 2) continue;
    const path: string[] = [];
    let node: JsonSchema | undefined = schema;
    for (const seg of segs) {
      const props: Record<string, JsonSchema> = node?.properties ?? {};
      const candidates = Object.keys(props).filter((k) => path.length > 0 || SECTIONS.has(k));
      const match = candidates.find((k) => norm(k) === norm(seg));
      if (!match) {
        const where = path.length ? `unknown field "${seg}" in ${path.join('.')}` : `unknown section "${seg}"`;
        const expected = candidates.length ? `expected one of ${candidates.join(', ')}` : `${path.join('.')} has no fields`;
        throw profileError(`env ${key}`, undefined, `${where} (${expected})`);
      }
      path.push(match);
      node = props[match];
    }
    out.push({ key, path, value: parseValue(raw, node) });
  }
  return out;
}

function parseValue(raw: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  const wantsString = type === 'string' || (schema?.enum !== undefined && schema.enum.every((v) => typeof v === 'string'));
  if (wantsString) return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  if (type === 'array' && typeof parsed === 'string')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return parsed;
}
