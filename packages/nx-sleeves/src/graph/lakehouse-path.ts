import { isWorkspaceRelativePath } from './plugin-options';

/**
 * The lakehouse folder of the plugin and executor option `lakehouse` (pure): a workspace-relative path (the default
 * `data/lakehouse`, location independent), or an absolute path to a folder outside the workspace, such as a team's
 * shared mount (`/mnt/market-data/lakehouse`, `D:/market-data`). An absolute path is part of every sleeve's target
 * options, so clones share cache entries when they mount the folder at the same path. It is also put into the
 * fingerprint command line, so characters a shell would interpret inside double quotes are refused.
 * Returns the path without trailing slashes, or undefined when the value is neither.
 */
export function lakehousePath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.length > 1 ? value.replace(/\/+$/, '') : value;
  if (isWorkspaceRelativePath(v)) return v;
  return isAbsoluteLakehouse(v) ? v : undefined;
}

export const LAKEHOUSE_PATH_EXPECTED =
  'a path relative to the workspace root without "..", or an absolute path of a folder outside it (forward slashes; no " ` $ % ! \\ or control characters)';

function isAbsoluteLakehouse(v: string): boolean {
  const m = /^(\/|[A-Za-z]:\/)(.+)$/.exec(v);
  if (!m) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  if (/["`$%!\\\x00-\x1f\x7f]/.test(v)) return false;
  return m[2].split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

export function isAbsoluteLakehousePath(v: string): boolean {
  return /^(\/|[A-Za-z]:\/)/.test(v);
}

/** The path as one shell word (sh and cmd.exe): bare when it only has safe characters, else in double quotes. */
export function shellWord(p: string): string {
  return /^[A-Za-z0-9._@+,=:/-]+$/.test(p) ? p : `"${p}"`;
}
