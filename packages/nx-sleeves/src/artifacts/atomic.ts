import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** A temp name beside `target`, so the final rename stays on one file system (atomic). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes a whole file under a temp name and renames it, so readers never see half a file. */
export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  const tmp = tempPathFor(target);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

export async function copyFileAtomic(source: string, target: string): Promise<void> {
  const tmp = tempPathFor(target);
  try {
    await fsp.copyFile(source, tmp);
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
