import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from './atomic-write';

/** A file of the fingerprinted tree: path relative to the root ('/'-separated), size and content hash. */
export interface FingerprintEntry {
  path: string;
  size: number;
  sha256: string;
}

interface CacheFile {
  version: 1;
  dir: string;
  /** relative path → [size, mtimeMs, sha256] */
  files: Record<string, [number, number, string]>;
}

/** A file modified this recently may still change within the same mtime tick ("racy" stat data),
 * so its hash is not cached. */
const RACY_MS = 2000;

/**
 * Content fingerprint of a directory tree: sha256 over the sorted (relative path, size, sha256) of
 * every regular file, ignoring dotfiles and dot-directories (temp files, caches). It depends only on
 * names and bytes, so it is identical in any clone; a touch that changes only the mtime keeps it.
 * File sha256s are cached in a small JSON file keyed by path + size + mtimeMs, so a warm run only stats.
 */
export async function fingerprint(dir: string, opts: { cacheFile?: string | false } = {}): Promise<string> {
  return fingerprintOf(await fingerprintEntries(dir, opts));
}

/** The sha256 (hex) over entries, sorted by path (pure). */
export function fingerprintOf(entries: FingerprintEntry[]): string {
  const h = createHash('sha256');
  h.update('nx-sleeves-lakehouse-fingerprint-v1\n');
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) h.update(`${e.path}\0${e.size}\0${e.sha256}\n`);
  return h.digest('hex');
}

/** Default cache location: `<workspace>/tmp/` when the directory is inside an Nx workspace (nearest
 * ancestor with nx.json), else the OS temp dir; one file per fingerprinted directory. */
export function defaultCacheFile(dir: string): string {
  const abs = path.resolve(dir);
  const key = createHash('sha256').update(abs).digest('hex').slice(0, 16);
  let root: string | undefined;
  for (let d = abs; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'nx.json'))) {
      root = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  return root ? path.join(root, 'tmp', `lakehouse-fingerprint-${key}.json`) : path.join(os.tmpdir(), 'nx-sleeves', `lakehouse-fingerprint-${key}.json`);
}

export async function fingerprintEntries(dir: string, opts: { cacheFile?: string | false } = {}): Promise<FingerprintEntry[]> {
  const root = path.resolve(dir);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`fingerprint: ${dir}: expected a directory`);
  }
  const cacheFile = opts.cacheFile === false ? undefined : (opts.cacheFile ?? defaultCacheFile(root));
  const cache = cacheFile ? readCache(cacheFile, root) : undefined;
  const next: CacheFile = { version: 1, dir: root, files: {} };
  const now = Date.now();
  let changed = !cache;
  const entries: FingerprintEntry[] = [];
  for (const rel of walk(root)) {
    const st = fs.statSync(path.join(root, rel));
    const hit = cache?.files[rel];
    let sha: string;
    if (hit && hit[0] === st.size && hit[1] === st.mtimeMs) {
      sha = hit[2];
    } else {
      sha = await hashFile(path.join(root, rel), st.size);
      changed = true;
    }
    if (now - st.mtimeMs > RACY_MS) next.files[rel] = [st.size, st.mtimeMs, sha];
    else changed = true;
    entries.push({ path: rel, size: st.size, sha256: sha });
  }
  if (cache && Object.keys(cache.files).length !== Object.keys(next.files).length) changed = true;
  if (cacheFile && changed) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileAtomicSync(cacheFile, JSON.stringify(next));
    } catch {
      // The cache is an optimisation: a read-only location just means hashing again next time.
    }
  }
  return entries;
}

function readCache(file: string, root: string): CacheFile | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    return c && c.version === 1 && c.dir === root && c.files && typeof c.files === 'object' ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Relative '/'-separated paths of regular files, skipping dot-entries; symlinks to files are followed. */
function* walk(root: string, rel = ''): Generator<string> {
  const names = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${d.name}` : d.name;
    let isDir = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      const st = fs.statSync(path.join(root, r), { throwIfNoEntry: false });
      isDir = !!st?.isDirectory();
      isFile = !!st?.isFile();
    }
    if (isDir) yield* walk(root, r);
    else if (isFile) yield r;
  }
}

/** Small files (every lakehouse file) are read whole, which is several times faster than a stream. */
async function hashFile(file: string, size: number): Promise<string> {
  if (size <= 16 * 1024 * 1024) return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
