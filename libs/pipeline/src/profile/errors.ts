/** A bad profile: the message is one line naming the file (or env var), the field and what was expected. */
export class ProfileError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** `<file>: <field>: <what>`; the file or field part is left out when unknown. */
export function profileError(file: string | undefined, field: string | undefined, what: string): ProfileError {
  return new ProfileError([file, field, what].filter((p) => p !== undefined && p !== '').join(': '), file, field);
}
