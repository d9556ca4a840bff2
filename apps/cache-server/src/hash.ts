/**
 * Nx task hashes are decimal digit strings (a u64 rendered in base 10). Anything else is
 * rejected before it can become part of a file name or an object key, so no request can
 * reach outside the store.
 */
const HASH_PATTERN = /^[0-9]{1,128}$/;

export function isValidHash(hash: string): boolean {
  return HASH_PATTERN.test(hash);
}

/** The hash of a `/v1/cache/{hash}` path, `''` when the path is that route with a bad hash, `null` when it is another route. */
export function hashFromPath(pathname: string): string | null {
  const prefix = '/v1/cache/';
  if (!pathname.startsWith(prefix)) return null;
  return pathname.slice(prefix.length);
}
