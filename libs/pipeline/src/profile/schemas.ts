import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { default as AjvClass, ErrorObject, Options, ValidateFunction } from 'ajv';
import { NAME_PATTERN } from '@nx-sleeves/contracts';

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

/** verbose: errors carry the failing data and parent schema, for one-line messages. Shared with the
 * build step that precompiles the validators (scripts/compile-validators.js). */
export const AJV_OPTIONS: Options = { allErrors: false, useDefaults: true, verbose: true, strict: true };

/** `dist/profile/validators/<name>.js`: standalone validators written at build time. */
// `..`/profile: the same folder from dist/profile/ and from the one-file build in dist/bundle/ (tools/build/bundle.js).
export const VALIDATORS_DIR = path.join(__dirname, '..', 'profile', 'validators');

const loaded = new Map<SchemaName, { schema: JsonSchema; validate: ValidateFunction }>();
let ajv: AjvClass | undefined;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The schema and its validator. Compiling with ajv costs about 50 ms of every sleeve's start (loading
 * ajv, then generating code), so the build precompiles each schema; a precompiled validator is used only
 * when it was made from these exact schema bytes, otherwise (ts-jest, a schema edited since the build)
 * ajv compiles it here.
 */
export function schemaFor(name: SchemaName): { schema: JsonSchema; validate: ValidateFunction } {
  let s = loaded.get(name);
  if (!s) {
    const text = fs.readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), 'utf8');
    const schema = JSON.parse(text) as JsonSchema;
    s = { schema, validate: precompiled(name, sha256(text)) ?? compile(schema) };
    loaded.set(name, s);
  }
  return s;
}

function precompiled(name: SchemaName, schemaSha256: string): ValidateFunction | undefined {
  const file = path.join(VALIDATORS_DIR, `${name}.js`);
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a validator generated at build time, path known at run time
  const v = require(file) as ValidateFunction & { schemaSha256?: string };
  return v.schemaSha256 === schemaSha256 ? v : undefined;
}

function compile(schema: JsonSchema): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: ajv loads only when no precompiled validator matches
  ajv ??= new (require('ajv').default as typeof AjvClass)(AJV_OPTIONS);
  return ajv.compile(schema);
}

const PATTERN_NAMES: Record<string, string> = {
  [NAME_PATTERN.source]: `a name matching ${NAME_PATTERN.source}`,
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
  const segs =
    err.instancePath === ''
      ? []
      : err.instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
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
