import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditFile } from '../audit';
import { sha256, stableStringify } from '../audit';

/**
 * Writes artifacts (temp name + rename) under one directory and remembers what each stage wrote,
 * so the stage's audit outcome can list the sha256 of every file.
 */
export class ArtifactWriter {
  private written: AuditFile[] = [];

  constructor(readonly root: string) {}

  /** `rel` is '/'-separated and relative to the artifacts dir; it never comes from user input. */
  write(rel: string, content: string | Uint8Array): AuditFile {
    if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`artifact path ${rel}: expected a relative path inside the artifacts dir`);
    const file = join(this.root, ...rel.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    const entry = { path: rel, bytes: bytes.length, sha256: sha256(bytes) };
    this.written.push(entry);
    return entry;
  }

  /** JSON with sorted keys, 2-space indent, final newline. */
  writeJson(rel: string, value: unknown): AuditFile {
    return this.write(rel, stableStringify(value, 2) + '\n');
  }

  /** Files written since the last call (one stage's output). */
  take(): AuditFile[] {
    const out = this.written;
    this.written = [];
    return out;
  }
}
