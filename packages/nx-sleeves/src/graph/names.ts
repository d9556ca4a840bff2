/** Profile names and run ids become path segments: only this shape is accepted (no separators, no `..`). */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && NAME_RE.test(value);
}

/** Throws a one-line error naming where the value came from, the value and the expected shape. */
export function assertName(where: string, value: unknown): string {
  if (!isValidName(value)) {
    throw new Error(`${where}: invalid value ${JSON.stringify(value)}; expected a name matching ${NAME_RE.source}`);
  }
  return value;
}
