import { createHash, timingSafeEqual } from 'node:crypto';

export type Access = 'none' | 'read' | 'write';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Holds only SHA-256 digests of the configured tokens. A presented token is hashed and compared
 * against every digest with `timingSafeEqual` (equal lengths by construction, and no early exit),
 * so neither the content nor the length of a valid token leaks through response timing.
 */
export class TokenSet {
  private readonly entries: { digest: Buffer; access: 'read' | 'write' }[];

  constructor(readTokens: readonly string[], writeTokens: readonly string[]) {
    const write = new Set(writeTokens);
    this.entries = [
      ...[...new Set(readTokens)].filter((t) => !write.has(t)).map((t) => ({ digest: digest(t), access: 'read' as const })),
      ...[...write].map((t) => ({ digest: digest(t), access: 'write' as const })),
    ];
  }

  get size(): number {
    return this.entries.length;
  }

  /** Access granted to a presented token (`none` for unknown or missing). */
  check(token: string | undefined): Access {
    if (!token) return 'none';
    const presented = digest(token);
    let access: Access = 'none';
    for (const entry of this.entries) {
      // Evaluate every entry: the loop's duration does not depend on which one matches.
      if (timingSafeEqual(presented, entry.digest)) access = entry.access;
    }
    return access;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
