import type { Tree } from '@nx/devkit';
import type { Json } from './checks';

/**
 * `<directory>/nx-sleeves-import.json`: which projects an import created, per manifest, so a re-import of the edited
 * manifest updates (or removes) exactly those and never touches another project.
 */
export const STATE_FILE = 'nx-sleeves-import.json';

export interface ImportRecord {
  mode: 'module' | 'command';
  prefix: string;
  /** project name → its profile in the manifest and the file written */
  projects: Record<string, { profile: string; file: string }>;
}

export interface ImportState {
  version: 1;
  imports: Record<string, ImportRecord>;
}

export function readState(tree: Tree, directory: string): ImportState {
  const file = `${directory}/${STATE_FILE}`;
  if (!tree.exists(file)) return { version: 1, imports: {} };
  let json: ImportState;
  try {
    json = JSON.parse(tree.read(file, 'utf-8') ?? '');
  } catch (e) {
    throw new Error(`${file}: invalid JSON: ${(e as Error).message} (delete it to import afresh)`, { cause: e });
  }
  if (!json || typeof json !== 'object' || typeof json.imports !== 'object' || json.imports === null) {
    throw new Error(`${file}: imports: expected an object of earlier imports (delete the file to import afresh)`);
  }
  return json;
}

export function writeState(tree: Tree, directory: string, state: ImportState): void {
  tree.write(`${directory}/${STATE_FILE}`, `${JSON.stringify(state, null, 2)}\n`);
}

function flatten(v: unknown, prefix: string, out: Map<string, string>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Json)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
    v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out)); // meta entries: one line per changed field
  } else {
    out.set(prefix, JSON.stringify(v));
  }
}

/** Fields that differ between two profiles (`risk.engine: "hrp" -> "min_variance"`), `$schema` and `notes` left out. */
export function diffProfiles(before: Json, after: Json): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => k !== '$schema' && k !== 'notes').sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? '(none)'} -> ${b.get(k) ?? '(none)'}`);
}
