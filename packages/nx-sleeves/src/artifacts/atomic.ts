import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

/** A temp name beside `target`, so the final rename stays on one file system (atomic). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}
