/** An env allow-list entry (`envAllow`): an exact variable name, or a `PREFIX_*` pattern. */
export const ENV_ALLOW_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** What a sleeve sees of the host environment when it sets no `envAllow`. */
export const DEFAULT_ENV_ALLOW: readonly string[] = Object.freeze(['TV_*', 'PATH', 'PYTHONPATH']);
