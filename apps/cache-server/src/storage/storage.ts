import type { Readable } from 'node:stream';
import type { StorageGauges } from '../metrics';

export interface StoredEntry {
  size: number;
  stream: Readable;
}

export type PutOutcome = 'stored' | 'exists';

/**
 * Where entries live. Hashes reaching a storage are already validated (decimal digits).
 * Entries are immutable: `put` of an existing hash resolves 'exists' and leaves it untouched.
 * `put` must never leave a partial entry: if `body` errors (client went away, wrong length)
 * it rejects and nothing becomes visible under `hash`.
 */
export interface CacheStorage {
  readonly kind: string;
  /** Prepare (create folders, scan, remove leftovers of a crash). */
  init(): Promise<void>;
  has(hash: string): Promise<boolean>;
  /** null when absent. */
  get(hash: string): Promise<StoredEntry | null>;
  put(hash: string, body: Readable, size: number): Promise<PutOutcome>;
  /** Entry count and bytes, when known without a remote listing. */
  gauges(): StorageGauges | undefined;
  /** Called with the number of entries evicted after a put (local storage only). */
  onEvict?: (count: number) => void;
  close?(): Promise<void>;
}

/** A full disk or quota (named in the 403 message and the log). */
export function isOutOfSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
