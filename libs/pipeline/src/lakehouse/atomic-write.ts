import * as fs from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** Writes a whole file under a temp name in the same directory, then renames it into place,
 * so readers never see a half-written file. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${counter++}`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
