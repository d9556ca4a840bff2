import { NAME_PATTERN } from '@nx-sleeves/contracts';

/** `--name: expected ..., got "x"`: the one-line error style of every generator option. */
export function optionError(option: string, value: unknown, expected: string): Error {
  return new Error(`--${option}: expected ${expected}, got ${JSON.stringify(value)}`);
}

export function validateOptionName(option: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw optionError(option, value, `a name matching ${NAME_PATTERN.source}`);
  }
  return value;
}

export function validateOneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw optionError(option, value, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * A workspace-relative folder for generated projects: forward slashes, no `..`, not absolute,
 * every segment a valid name (so it never escapes the workspace or lands in odd places).
 */
export function normalizeDirectory(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw optionError(option, value, 'a folder relative to the workspace root');
  }
  const cleaned = value
    .trim()
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  const segments = cleaned.split('/').filter((s) => s !== '' && s !== '.');
  if (cleaned.startsWith('/') || /^[A-Za-z]:/.test(cleaned) || segments.length === 0 || segments.some((s) => !NAME_PATTERN.test(s))) {
    throw optionError(option, value, 'a folder relative to the workspace root made of names matching ' + `${NAME_PATTERN.source} (no "..", not absolute)`);
  }
  return segments.join('/');
}

/** A comma/space separated list or an array (Nx passes either, depending on how the flag was given). */
export function splitList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((v) => String(v).split(/[\s,]+/))
    .map((v) => v.trim())
    .filter(Boolean);
}
