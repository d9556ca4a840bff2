/**
 * Names from users (profile, run id, meta-portfolio entry id, project folder) become path segments: only this shape
 * is accepted (letters, digits, '.', '_', '-'; no separators, no leading '.', so never `..`).
 */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && NAME_PATTERN.test(value);
}

/** Throws a one-line error naming where the value came from, the value and the expected shape (`note` appended). */
export function assertName(where: string, value: unknown, note = ''): string {
  if (!isValidName(value)) {
    throw new Error(`${where}: invalid value ${JSON.stringify(value)}; expected a name matching ${NAME_PATTERN.source}${note}`);
  }
  return value;
}

/** Validates a user-supplied name (profile, runId) before it touches a path; throws a one-line error. */
export function validateName(field: string, value: string): string {
  return assertName(field, value, " (letters, digits, '.', '_', '-'; no path separators)");
}
