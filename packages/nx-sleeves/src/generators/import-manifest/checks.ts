import { NAME_PATTERN } from '@nx-sleeves/contracts';
import { toSymbolId } from '../shared/symbols';
import { describe, ManifestError, type JsonPath } from './json-path';

export type Json = Record<string, unknown>;

/** A check returns the expectation text when the value is wrong, undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const checks = {
  positiveInteger: ((v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer')) as Check,
  number: ((v) => (isNumber(v) ? undefined : 'a number')) as Check,
  boolean: ((v) => (typeof v === 'boolean' ? undefined : 'true or false')) as Check,
  string: ((v) => (typeof v === 'string' ? undefined : 'a string')) as Check,
  /** (0, 1]: caps and maximum weights */
  unitCap: ((v) => (isNumber(v) && v > 0 && v <= 1 ? undefined : 'a number greater than 0 and at most 1')) as Check,
  /** [0, 1): minimum weights */
  unitFloor: ((v) => (isNumber(v) && v >= 0 && v < 1 ? undefined : 'a number from 0 up to (not including) 1')) as Check,
  /** slippage / commission as a fraction of traded value */
  costFraction: ((v) => (isNumber(v) && v >= 0 && v < 0.1 ? undefined : 'a fraction of traded value from 0 to 0.1 (0.0005 = 5 bps)')) as Check,
  name: ((v) => (typeof v === 'string' && NAME_PATTERN.test(v) ? undefined : `a name matching ${NAME_PATTERN.source}`)) as Check,
  stringList: ((v) =>
    typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? undefined : 'a string or a list of strings') as Check,
  symbolList: ((v) => {
    const list = typeof v === 'string' ? v.split(',') : v;
    if (!Array.isArray(list) || list.length === 0) return 'a non-empty list of symbols (EXCHANGE:SYMBOL)';
    const bad = list.find((s) => !toSymbolId(s));
    return bad === undefined ? undefined : `symbols like EXCHANGE:SYMBOL, but ${describe(bad)} is not one`;
  }) as Check,
  object: ((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'an object')) as Check,
};

export function ensure(source: string, path: JsonPath, value: unknown, check: Check): void {
  const expected = check(value);
  if (expected) throw new ManifestError(source, path, `expected ${expected}, got ${describe(value)}`);
}

export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `"hrp, min_variance"` or `["hrp", "min_variance"]` → `['hrp', 'min_variance']`. */
export function toList(v: unknown): string[] {
  const items = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.map(String) : [];
  return items.map((s) => s.trim()).filter(Boolean);
}

/** Objects merged key by key, arrays and scalars replaced: the same rule as sleeve.defaults.json. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}
