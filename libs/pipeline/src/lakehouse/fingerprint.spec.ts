import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprint, fingerprintEntries, fingerprintOf } from './fingerprint';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PAST = new Date('2024-01-01T00:00:00Z'); // old enough that hashes are cached (not "racy")

describe('lakehouse fingerprint', () => {
  let tmp: string;
  let cacheFile: string;
  const write = (dir: string, rel: string, text: string, mtime = PAST) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    fs.utimesSync(f, mtime, mtime);
  };
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-fingerprint-'));
    cacheFile = path.join(tmp, 'cache', 'fp.json');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('hashes sorted (path, size, sha256) of regular files, skipping dot-entries', async () => {
    const dir = path.join(tmp, 'lh');
    write(dir, 'b.parquet', 'bb');
    write(dir, 'a.parquet', 'a');
    write(dir, 'sub/c.txt', 'ccc');
    write(dir, '.fingerprint-cache.json', 'ignored');
    write(dir, '.tmp/x', 'ignored');
    const entries = await fingerprintEntries(dir, { cacheFile: false });
    expect(entries).toEqual([
      { path: 'a.parquet', size: 1, sha256: sha('a') },
      { path: 'b.parquet', size: 2, sha256: sha('bb') },
      { path: 'sub/c.txt', size: 3, sha256: sha('ccc') },
    ]);
    const expected = createHash('sha256')
      .update('nx-sleeves-lakehouse-fingerprint-v1\n')
      .update(`a.parquet\0${1}\0${sha('a')}\n`)
      .update(`b.parquet\0${2}\0${sha('bb')}\n`)
      .update(`sub/c.txt\0${3}\0${sha('ccc')}\n`)
      .digest('hex');
    expect(await fingerprint(dir, { cacheFile: false })).toBe(expected);
    expect(fingerprintOf([...entries].reverse())).toBe(expected);
  });

  it('is the same for the same files in another directory, whatever their mtimes', async () => {
    write(path.join(tmp, 'one'), 'x_1d.parquet', 'hello', new Date('2020-01-01'));
    write(path.join(tmp, 'two'), 'x_1d.parquet', 'hello', new Date('2023-05-05'));
    expect(await fingerprint(path.join(tmp, 'one'), { cacheFile: false })).toBe(await fingerprint(path.join(tmp, 'two'), { cacheFile: false }));
  });

  it('changes when a file changes (same size too), is added or renamed; not when only the mtime changes', async () => {
    const dir = path.join(tmp, 'lh');
    write(dir, 'a', 'abc');
    const base = await fingerprint(dir, { cacheFile });
    write(dir, 'a', 'abc', new Date('2024-06-01'));
    expect(await fingerprint(dir, { cacheFile })).toBe(base);
    write(dir, 'a', 'abd', new Date('2024-06-02'));
    const changed = await fingerprint(dir, { cacheFile });
    expect(changed).not.toBe(base);
    write(dir, 'b', '');
    expect(await fingerprint(dir, { cacheFile })).not.toBe(changed);
    fs.rmSync(path.join(dir, 'b'));
    fs.renameSync(path.join(dir, 'a'), path.join(dir, 'z'));
    expect(await fingerprint(dir, { cacheFile })).not.toBe(changed);
  });

  it('reuses cached sha256s keyed by path + size + mtime, and rehashes when the mtime moves', async () => {
    const dir = path.join(tmp, 'lh');
    write(dir, 'a', 'abc');
    const real = await fingerprint(dir, { cacheFile });
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    expect(cache.dir).toBe(path.resolve(dir));
    expect(cache.files.a).toEqual([3, PAST.getTime(), sha('abc')]);
    // Poison the cached hash: a warm run must use it without reading the file...
    cache.files.a[2] = sha('poison');
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    const warm = await fingerprint(dir, { cacheFile });
    expect(warm).toBe(fingerprintOf([{ path: 'a', size: 3, sha256: sha('poison') }]));
    // ...and a new mtime invalidates the entry.
    fs.utimesSync(path.join(dir, 'a'), new Date('2024-02-02'), new Date('2024-02-02'));
    expect(await fingerprint(dir, { cacheFile })).toBe(real);
  });

  it('does not cache hashes of files modified within the last seconds (racy mtimes)', async () => {
    const dir = path.join(tmp, 'lh');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'fresh'), 'new');
    await fingerprint(dir, { cacheFile });
    expect(JSON.parse(fs.readFileSync(cacheFile, 'utf8')).files).toEqual({});
  });

  it('ignores a cache written for another directory or corrupt, and survives an unwritable cache location', async () => {
    const dir = path.join(tmp, 'lh');
    write(dir, 'a', 'abc');
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify({ version: 1, dir: '/elsewhere', files: { a: [3, PAST.getTime(), sha('poison')] } }));
    const real = fingerprintOf([{ path: 'a', size: 3, sha256: sha('abc') }]);
    expect(await fingerprint(dir, { cacheFile })).toBe(real);
    fs.writeFileSync(cacheFile, '{not json');
    expect(await fingerprint(dir, { cacheFile })).toBe(real);
    write(tmp, 'blocker', 'a file where a directory is needed');
    expect(await fingerprint(dir, { cacheFile: path.join(tmp, 'blocker', 'fp.json') })).toBe(real);
  });

  it('names a missing directory', async () => {
    await expect(fingerprint(path.join(tmp, 'nope'))).rejects.toThrow(`fingerprint: ${path.join(tmp, 'nope')}: expected a directory`);
  });
});
