/**
 * Test helper (not built into dist): validates generated profiles against the pipeline's JSON Schemas the
 * way the profile loader does — sleeve.json deep-merged over the workspace's sleeve.defaults.json, schema
 * defaults filled in.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
export const SLEEVE_SCHEMA = path.join(REPO_ROOT, 'libs/pipeline/schema/sleeve.schema.json');
export const META_SCHEMA = path.join(REPO_ROOT, 'libs/pipeline/schema/meta-portfolio.schema.json');
export const DEFAULTS = path.join(REPO_ROOT, 'sleeve.defaults.json');

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf-8'));

function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? merge(b as Json, v as Json) : v;
  }
  return out;
}

const compiled = new Map<string, (value: Json) => string[]>();

function validator(schemaFile: string): (value: Json) => string[] {
  const known = compiled.get(schemaFile);
  if (known) return known;
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  const validate = ajv.compile(readJson(schemaFile));
  const check = (value: Json): string[] => {
    const copy = structuredClone(value);
    return validate(copy) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  };
  compiled.set(schemaFile, check);
  return check;
}

/** Schema errors of a sleeve.json (empty = valid). */
export function sleeveErrors(profile: Json): string[] {
  const defaults = fs.existsSync(DEFAULTS) ? readJson(DEFAULTS) : {};
  return validator(SLEEVE_SCHEMA)(merge(defaults, profile));
}

/** Schema errors of a meta-portfolio.json (empty = valid). */
export function metaErrors(profile: Json): string[] {
  return validator(META_SCHEMA)(profile);
}
