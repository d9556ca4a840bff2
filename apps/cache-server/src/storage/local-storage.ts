import { createWriteStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../log';
import { LruIndex } from './lru-index';
import type { CacheStorage, PutOutcome, StoredEntry } from './storage';

export interface LocalStorageOptions {
  dir: string;
  /** Size cap of all entries; least-recently-used entries are evicted beyond it. */
  maxBytes: number;
  log: Logger;
  /** fsync each entry before it becomes visible (default true). */
  fsync?: boolean;
}

/**
 * Entries are files `<dir>/entries/<hash>`. An upload streams into `<dir>/tmp/<hash>.<uuid>` and is
 * hard-linked to its final name only after the whole body arrived (`link` fails with EEXIST if the
 * entry appeared meanwhile, which keeps entries immutable without a lock); `tmp/` is emptied on
 * start, so a crash mid-upload leaves nothing behind. Recency survives restarts through mtimes,
 * which a hit refreshes.
 */
export class LocalStorage implements CacheStorage {
  readonly kind = 'local';
  onEvict?: (count: number) => void;
  private readonly entriesDir: string;
  private readonly tmpDir: string;
  private readonly index: LruIndex;

  constructor(private readonly opts: LocalStorageOptions) {
    this.entriesDir = join(opts.dir, 'entries');
    this.tmpDir = join(opts.dir, 'tmp');
    this.index = new LruIndex(opts.maxBytes);
  }

  async init(): Promise<void> {
    await fsp.rm(this.tmpDir, { recursive: true, force: true });
    await fsp.mkdir(this.tmpDir, { recursive: true });
    await fsp.mkdir(this.entriesDir, { recursive: true });
    const found: { hash: string; size: number; mtimeMs: number }[] = [];
    for (const name of await fsp.readdir(this.entriesDir)) {
      const st = await fsp.stat(join(this.entriesDir, name)).catch(() => null);
      if (st?.isFile()) found.push({ hash: name, size: st.size, mtimeMs: st.mtimeMs });
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.hash < b.hash ? -1 : 1));
    for (const e of found) this.index.add(e.hash, e.size);
    await this.evict();
    this.opts.log('info', 'local storage ready', { dir: this.opts.dir, entries: this.index.count, bytes: this.index.bytes });
  }

  private entryPath(hash: string): string {
    return join(this.entriesDir, hash);
  }

  async has(hash: string): Promise<boolean> {
    if (!this.index.has(hash)) return false;
    // The file may have been removed behind our back (the store emptied or deleted by hand): a stale
    // index entry would answer 409 to every upload of that hash, forever.
    try {
      await fsp.access(this.entryPath(hash));
      return true;
    } catch {
      this.index.remove(hash);
      return false;
    }
  }

  async get(hash: string): Promise<StoredEntry | null> {
    if (!this.index.has(hash)) return null;
    const path = this.entryPath(hash);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.index.remove(hash); // removed behind our back
        return null;
      }
      throw err;
    }
    // An open handle keeps reading even if the entry is evicted meanwhile.
    const { size } = await handle.stat();
    this.index.touch(hash);
    const now = new Date();
    fsp.utimes(path, now, now).catch(() => undefined);
    return { size, stream: handle.createReadStream() };
  }

  async put(hash: string, body: Readable, size: number): Promise<PutOutcome> {
    // The body may fail (client gone) while the checks below are awaited, before pipeline() listens:
    // without a listener that 'error' would be thrown and take the server down. pipeline() still sees
    // the body as errored and rejects.
    body.on('error', () => undefined);
    if (await this.has(hash)) return 'exists';
    const tmp = join(this.tmpDir, `${hash}.${randomUUID()}`);
    try {
      // If the store directory disappeared while the server runs, recreate it rather than refuse every
      // upload until a restart (mkdir of an existing folder is one cheap syscall).
      await fsp.mkdir(this.tmpDir, { recursive: true });
      await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
      if (this.opts.fsync !== false) {
        const fh = await fsp.open(tmp, 'r');
        try {
          await fh.datasync();
        } finally {
          await fh.close();
        }
      }
      try {
        await this.linkEntry(tmp, hash);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw err;
      }
    } finally {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
    }
    this.index.add(hash, size);
    await this.evict(hash);
    return 'stored';
  }

  private async linkEntry(tmp: string, hash: string): Promise<void> {
    try {
      await fsp.link(tmp, this.entryPath(hash));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await fsp.mkdir(this.entriesDir, { recursive: true }); // entries/ removed meanwhile
      await fsp.link(tmp, this.entryPath(hash));
    }
  }

  private async evict(keep?: string): Promise<void> {
    const victims = this.index.evictOverCap(keep);
    for (const hash of victims) {
      await fsp.rm(this.entryPath(hash), { force: true }).catch((err) => this.opts.log('error', 'eviction failed', { hash, error: String(err) }));
    }
    if (victims.length) {
      this.opts.log('info', 'evicted', { count: victims.length, bytes: this.index.bytes });
      this.onEvict?.(victims.length);
    }
  }

  gauges() {
    return { entries: this.index.count, bytes: this.index.bytes };
  }
}
