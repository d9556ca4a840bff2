/**
 * Entry sizes in least-recently-used order (a Map keeps insertion order; a touch re-inserts).
 * Pure bookkeeping: the local storage does the file work for what `evictFor` returns.
 */
export class LruIndex {
  private readonly entries = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  /** Add (or re-add) an entry as the most recently used one. */
  add(hash: string, size: number): void {
    this.remove(hash);
    this.entries.set(hash, size);
    this.total += size;
  }

  touch(hash: string): void {
    const size = this.entries.get(hash);
    if (size === undefined) return;
    this.entries.delete(hash);
    this.entries.set(hash, size);
  }

  remove(hash: string): void {
    const size = this.entries.get(hash);
    if (size === undefined) return;
    this.entries.delete(hash);
    this.total -= size;
  }

  /**
   * Removes least-recently-used entries, never `keep`, until the total fits the cap;
   * returns the removed hashes (oldest first) for the caller to delete.
   */
  evictOverCap(keep?: string): string[] {
    const evicted: string[] = [];
    for (const [hash, size] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (hash === keep) continue;
      this.entries.delete(hash);
      this.total -= size;
      evicted.push(hash);
    }
    return evicted;
  }
}
