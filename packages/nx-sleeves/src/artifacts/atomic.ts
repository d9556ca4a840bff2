import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A temp name beside `target`, so the final rename stays on one file system (atomic). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes a small control file whole (`<file>.tmp`, then rename) for a process that polls it, so the reader never
 * sees half a file. One writer per file, hence the fixed temp name.
 */
export function writeSmallFileAtomic(file: string, text: string, mode?: number): void {
  fs.writeFileSync(`${file}.tmp`, text, mode !== undefined ? { mode } : undefined);
  fs.renameSync(`${file}.tmp`, file);
}
