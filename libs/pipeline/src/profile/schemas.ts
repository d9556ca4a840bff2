import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** `libs/pipeline/schema/`, both from src/profile (ts-jest) and from dist/profile (compiled). */
export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schema');

export type SchemaName = 'sleeve' | 'meta-portfolio';
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  [k: string]: unknown;
}

const loaded = new Map<SchemaName, { schema: JsonSchema; validate: ValidateFunction }>();
let ajv: Ajv | undefined;

export function schemaFor(name: SchemaName): { schema: JsonSchema; validate: ValidateFunction } {
  let s = loaded.get(name);
  if (!s) {
    const file = path.join(SCHEMA_DIR, `${name}.schema.json`);
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema;
    // verbose: errors carry the failing data and parent schema, for one-line messages.
    ajv ??= new Ajv({ allErrors: false, useDefaults: true, verbose: true, strict: true });
    s = { schema, validate: ajv.compile(schema) };
    loaded.set(name, s);
  }
  return s;
}

const PATTERN_NAMES: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': 'a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$',
  '^[A-Za-z0-9][A-Za-z0-9.-]*_[A-Za-z0-9][A-Za-z0-9._-]*$': 'a symbol id like NASDAQ_AAPL (EXCHANGE_SYMBOL)',
  '^[a-z0-9][a-z0-9_]*$': 'a lower-case name like us_equity',
  '^[A-Za-z0-9@][A-Za-z0-9@._/-]*$': 'an Nx project name',
};

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** JSON-pointer-ish path segments of an ajv error: `/universe/symbols/0` → ['universe','symbols','0']. */
export function errorPath(err: ErrorObject): string[] {
  const segs = err.instancePath === '' ? [] : err.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (err.keyword === 'required') segs.push((err.params as { missingProperty: string }).missingProperty);
  if (err.keyword === 'additionalProperties') segs.push((err.params as { additionalProperty: string }).additionalProperty);
  return segs;
}

/** ['universe','symbols','0'] → `universe.symbols[0]`. */
export function fieldName(segs: string[]): string {
  return segs.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

/** What was expected and what was found, for one ajv error. */
export function describeError(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  const got = `got ${show(err.data)}`;
  switch (err.keyword) {
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).join(', ')}, ${got}`;
    case 'type':
      return `expected ${String(p.type).split(',').map(article).join(' or ')}, ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `expected ${String(p.comparison)} ${String(p.limit)}, ${got}`;
    case 'required':
      return 'required field is missing';
    case 'additionalProperties': {
      const known = Object.keys((err.parentSchema as JsonSchema | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      return `unknown field (expected one of ${known.join(', ')})`;
    }
    case 'pattern':
      return `expected ${PATTERN_NAMES[String(p.pattern)] ?? `a string matching ${String(p.pattern)}`}, ${got}`;
    case 'minItems':
      return `expected at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}, ${got}`;
    case 'uniqueItems':
      return `expected unique items, got ${show((err.data as unknown[])[p.i as number])} twice`;
    case 'minLength':
      return `expected a non-empty string, ${got}`;
    default:
      return `${err.message ?? 'invalid'}, ${got}`;
  }
}
