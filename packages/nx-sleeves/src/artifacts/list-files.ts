import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface ListedFile {
  /** Absolute path on disk. */
  abs: string;
  /** '/'-separated path inside the archive. */
  name: string;
  size: number;
}

/**
 * Regular files under `dir`, named `<prefix>/<relative path>`. Symlinks (to files or folders) are never
 * followed nor stored: a sleeve cannot smuggle the lakehouse or host files into its zip.
 */
export async function listFiles(dir: string, prefix: string): Promise<ListedFile[]> {
  const out: ListedFile[] = [];
  async function walk(abs: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await fsp.readdir(abs, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name);
      const childRel = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(childAbs, childRel);
      else if (entry.isFile()) out.push({ abs: childAbs, name: childRel, size: (await fsp.stat(childAbs)).size });
    }
  }
  await walk(dir, prefix);
  return out;
}

/** Byte-wise order of archive names, independent of locale and of the order readdir returned. */
export function sortByName<T extends { name: string }>(files: T[]): T[] {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
