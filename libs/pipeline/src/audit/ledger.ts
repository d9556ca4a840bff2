import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableStringify } from './canonical-json';

/** A file a stage wrote, as recorded in the ledger (path relative to the artifacts dir, '/'-separated). */
export interface AuditFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface AuditEntry {
  seq: number;
  stage: string;
  event: 'intent' | 'outcome';
  status?: 'ok' | 'failed';
  detail?: Record<string, unknown>;
  files?: AuditFile[];
  /** hash of the previous entry (64 zeros for the first one) */
  prev: string;
  /** sha256 of this entry's canonical JSON without `hash` */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _ignored, ...rest } = entry as AuditEntry;
  return sha256(stableStringify(rest));
}

/**
 * Append-only, hash-chained ledger (`audit.jsonl`): an `intent` and an `outcome` entry per stage.
 * Each entry carries the previous entry's hash, so editing, dropping or reordering any line, or
 * changing a recorded file, is detected by `verifyAuditChain`. The whole file is rewritten through a
 * temp name on each append (it is small), so a reader never sees a half-written line.
 */
export class AuditLedger {
  private readonly lines: string[] = [];
  private last = GENESIS_HASH;
  private seq = 0;

  constructor(readonly file: string) {}

  intent(stage: string, detail?: Record<string, unknown>): AuditEntry {
    return this.append({ stage, event: 'intent', detail });
  }

  outcome(stage: string, status: 'ok' | 'failed', files: AuditFile[], detail?: Record<string, unknown>): AuditEntry {
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.append({ stage, event: 'outcome', status, files: sorted, detail });
  }

  get head(): string {
    return this.last;
  }

  private append(partial: Pick<AuditEntry, 'stage' | 'event'> & Partial<AuditEntry>): AuditEntry {
    const base: Omit<AuditEntry, 'hash'> = { ...partial, seq: this.seq, prev: this.last } as Omit<AuditEntry, 'hash'>;
    const entry: AuditEntry = { ...base, hash: entryHash(base) };
    this.lines.push(stableStringify(entry));
    this.last = entry.hash;
    this.seq++;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.lines.join('\n') + '\n');
    renameSync(tmp, this.file);
    return entry;
  }
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: string;
  /** one line naming the line number and what is wrong */
  error?: string;
}

/**
 * Checks the chain: every line parses, `seq` counts up from 0, `prev` is the previous hash, and the
 * hash matches the content. With `artifactsDir`, also checks that each recorded file still has the
 * recorded sha256 (tampering with an artifact after the fact).
 */
export function verifyAuditChain(file: string, opts: { artifactsDir?: string } = {}): AuditVerification {
  if (!existsSync(file)) return { ok: false, entries: 0, head: GENESIS_HASH, error: `${file}: not found` };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  let prev = GENESIS_HASH;
  const fail = (i: number, why: string): AuditVerification => ({
    ok: false,
    entries: i,
    head: prev,
    error: `audit.jsonl line ${i + 1}: ${why}`,
  });
  for (let i = 0; i < lines.length; i++) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(lines[i]) as AuditEntry;
    } catch {
      return fail(i, 'not valid JSON');
    }
    if (entry.seq !== i) return fail(i, `seq is ${String(entry.seq)}, expected ${i}`);
    if (entry.prev !== prev) return fail(i, `prev is ${String(entry.prev)}, expected ${prev} (chain broken)`);
    const expected = entryHash(entry);
    if (entry.hash !== expected) return fail(i, `hash is ${String(entry.hash)}, content hashes to ${expected} (entry altered)`);
    if (opts.artifactsDir && entry.files) {
      for (const f of entry.files) {
        const p = join(opts.artifactsDir, ...f.path.split('/'));
        if (!existsSync(p)) return fail(i, `recorded file ${f.path} is missing`);
        const actual = sha256(readFileSync(p));
        if (actual !== f.sha256) return fail(i, `recorded file ${f.path} has sha256 ${actual}, expected ${f.sha256} (file altered)`);
      }
    }
    prev = entry.hash;
  }
  if (!text.endsWith('\n') && text.length > 0) return fail(lines.length - 1, 'truncated (no final newline)');
  return { ok: true, entries: lines.length, head: prev };
}
