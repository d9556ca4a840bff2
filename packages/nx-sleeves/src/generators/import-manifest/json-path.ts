export type JsonPath = ReadonlyArray<string | number>;

/** `['profiles', 'crypto', 'sleeves', 1, 'id']` → `profiles.crypto.sleeves[1].id` (odd keys quoted). */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** One-line error for a malformed manifest: `manifest.json: profiles.x.data.lookback_days: expected ..., got "abc"`. */
export class ManifestError extends Error {
  constructor(source: string, path: JsonPath, message: string) {
    super(`${source}: ${formatPath(path)}: ${message}`);
    this.name = 'ManifestError';
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
