/**
 * Canonical JSON: object keys sorted at every depth, so the same data always gives the same bytes
 * (the determinism rule in contracts.md) and hashes over JSON are stable.
 */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(canonicalize(value), null, indent);
}
