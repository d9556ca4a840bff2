import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { FileEntry } from '@nx-sleeves/contracts';
import { tempPathFor } from './atomic';
import { type ListedFile, sortByName } from './list-files';
import { fastPathFits, writeZipFast } from './zip-writer';

/** Fixed entry date and mode: identical files give a byte-identical zip on any machine and day. */
export const ZIP_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
export const ZIP_MODE = 0o644;
/** Files up to this size are read once into memory (hash + zip); bigger ones are streamed twice. */
const IN_MEMORY_LIMIT = 32 * 1024 * 1024;

export interface ZipResult {
  sha256: string;
  bytes: number;
  files: FileEntry[];
}

// archiver 8 is ESM-only; CommonJS may `require` it on Node >= 20.19. Loaded lazily so modules that
// import this file (and Jest's CJS loader) do not pay for or choke on it.
type ArchiverModule = { ZipArchive: new (opts: object) => ZipArchiveLike };
interface ZipArchiveLike {
  append(source: Buffer | NodeJS.ReadableStream, data: { name: string; date: Date; mode: number }): void;
  finalize(): Promise<void>;
  pipe(dest: NodeJS.WritableStream): void;
  on(event: string, cb: (err: Error) => void): void;
  abort?(): void;
}
let archiver: ArchiverModule | undefined;
function loadArchiver(): ArchiverModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- archiver 8 is ESM-only, loaded lazily at run time (require(esm))
  return (archiver ??= require('archiver') as ArchiverModule);
}

async function hashFile(abs: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes a deterministic zip of `files` to `zipPath` (temp name, then rename): entries sorted by name,
 * fixed date and mode, deflate level 6. Usual outputs go through zip-writer.ts (byte-identical, no archiver
 * load); empty files, odd names and files over IN_MEMORY_LIMIT through archiver, loaded on first need.
 * Returns the zip's sha256/size and each file's size/sha256.
 * On any error (or `signal` abort) the temp file is removed and nothing is left at `zipPath`.
 */
export async function writeDeterministicZip(files: ListedFile[], zipPath: string, signal?: AbortSignal): Promise<ZipResult> {
  const tmp = tempPathFor(zipPath);
  const sorted = sortByName(files);
  if (fastPathFits(sorted, IN_MEMORY_LIMIT)) {
    // The same bytes archiver would write (zip-writer.ts), without loading archiver and hashing the zip once.
    try {
      const r = await writeZipFast(sorted, tmp, signal);
      if (signal?.aborted) throw new Error('zip aborted');
      await fsp.rename(tmp, zipPath);
      return r;
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
  }
  return writeArchiverZip(sorted, zipPath, signal);
}

/** The archiver path of writeDeterministicZip (exported for the byte-equality test of zip-writer.ts). */
export async function writeArchiverZip(files: ListedFile[], zipPath: string, signal?: AbortSignal): Promise<ZipResult> {
  const { ZipArchive } = loadArchiver();
  const tmp = tempPathFor(zipPath);
  const sorted = sortByName(files);
  const entries: FileEntry[] = [];
  let out: WriteStream | undefined;
  let archive: ZipArchiveLike | undefined;
  try {
    archive = new ZipArchive({ zlib: { level: 6 } });
    const dest = createWriteStream(tmp);
    out = dest;
    // Settles once the temp file is complete, or at the first error of either stream. A write error
    // (ENOSPC) can come while entries are still being appended: the promise must never be left
    // rejected without a handler (an unhandled rejection would kill the engine's whole process), and
    // it is raced against finalize(), which may never settle once its destination failed.
    const closed = new Promise<void>((resolve, reject) => {
      dest.on('close', resolve);
      dest.on('error', reject);
      archive!.on('error', reject);
    });
    let failure: Error | undefined;
    closed.catch((e: Error) => (failure = e));
    archive.pipe(dest);
    for (const f of sorted) {
      if (failure) throw failure;
      if (signal?.aborted) throw new Error('zip aborted');
      const data = { name: f.name, date: ZIP_DATE, mode: ZIP_MODE };
      if (f.size <= IN_MEMORY_LIMIT) {
        const buf = await fsp.readFile(f.abs);
        entries.push({ path: f.name, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
        archive.append(buf, data);
      } else {
        entries.push({ path: f.name, size: f.size, sha256: await hashFile(f.abs) });
        archive.append(createReadStream(f.abs), data);
      }
    }
    await Promise.race([archive.finalize().then(() => closed), closed]);
    const sha256 = await hashFile(tmp);
    const { size } = await fsp.stat(tmp);
    if (signal?.aborted) throw new Error('zip aborted');
    await fsp.rename(tmp, zipPath);
    return { sha256, bytes: size, files: entries };
  } catch (e) {
    // Stop writing and wait until the temp file is closed before removing it: a still-pending open or
    // write would otherwise recreate or keep filling it after the rm.
    archive?.abort?.();
    if (out && !out.closed) {
      const gone = once(out, 'close').catch(() => undefined);
      out.destroy();
      await gone;
    }
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
