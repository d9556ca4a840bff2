/**
 * The deterministic zip, for real: archiver is ESM-only, so the zipping runs in a spawned `node` on the
 * compiled dist; the test compares bytes and reads the headers.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';

const DIST = path.resolve(__dirname, '../../dist/artifacts/index.js');
jest.setTimeout(60_000);

function exportIn(sandboxDir: string, outputPath: string) {
  const script = `
    const { exportSandbox } = require(${JSON.stringify(DIST)});
    exportSandbox({ sandboxDir: ${JSON.stringify(sandboxDir)}, outputPath: ${JSON.stringify(outputPath)}, profile: 'p', runId: 'r',
      status: 'success', attempts: 1, durationMs: 5, peakRssMb: 1 }).then((r) => console.log(JSON.stringify(r)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

let root: string;
beforeAll(() => {
  if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build)`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-zip-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function makeSandbox(name: string, mtime: Date, mode: number, order: string[]): string {
  const sb = path.join(root, name);
  const files: Record<string, string> = { 'artifacts/b.txt': 'bee\n', 'artifacts/a/deep.json': '{"k":1}\n', 'logs/sleeve.log': 'line\n' };
  for (const rel of order) {
    const abs = path.join(sb, 'data', rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, files[rel]);
    fs.chmodSync(abs, mode);
    fs.utimesSync(abs, mtime, mtime);
  }
  fs.mkdirSync(path.join(sb, 'data', 'lakehouse'), { recursive: true });
  fs.writeFileSync(path.join(root, `${name}-secret`), 'host file');
  fs.symlinkSync(path.join(root, `${name}-secret`), path.join(sb, 'data', 'artifacts', 'link-to-host'));
  fs.symlinkSync(path.join(sb, 'data', 'lakehouse'), path.join(sb, 'data', 'artifacts', 'lake-link'));
  return sb;
}

test('identical files give byte-identical zips whatever their mtime, mode and creation order; links are never stored', () => {
  const a = makeSandbox('a', new Date('2020-05-05T10:00:00Z'), 0o600, ['artifacts/b.txt', 'artifacts/a/deep.json', 'logs/sleeve.log']);
  const b = makeSandbox('b', new Date('2024-12-31T23:59:59Z'), 0o755, ['logs/sleeve.log', 'artifacts/a/deep.json', 'artifacts/b.txt']);
  const ra = exportIn(a, path.join(root, 'out-a'));
  const rb = exportIn(b, path.join(root, 'out-b'));
  const za = fs.readFileSync(ra.zipPath);
  expect(za.equals(fs.readFileSync(rb.zipPath))).toBe(true);
  expect(ra.zipSha256).toBe(rb.zipSha256);
  const entries = unzipSync(za);
  expect(Object.keys(entries)).toEqual(['artifacts/a/deep.json', 'artifacts/b.txt', 'logs/sleeve.log']);
  expect(Buffer.from(entries['artifacts/b.txt']).toString()).toBe('bee\n');
  // First local file header: DOS time 0, DOS date 1980-01-01 (0x0021).
  expect(za.readUInt32LE(0)).toBe(0x04034b50);
  expect([za.readUInt16LE(10), za.readUInt16LE(12)]).toEqual([0, 0x21]);
  // Central directory: unix mode 0644 for every file entry.
  let modes = 0;
  for (let i = za.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = za.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
    expect((za.readUInt32LE(i + 38) >>> 16) & 0o7777).toBe(0o644);
    modes++;
  }
  expect(modes).toBe(3);
  const result = JSON.parse(fs.readFileSync(ra.resultPath, 'utf8'));
  expect(result.zip).toEqual({ file: 'artifacts.zip', sha256: ra.zipSha256, bytes: za.length });
  const sha = createHash('sha256').update('bee\n').digest('hex');
  expect(result.files[1]).toEqual({ path: 'artifacts/b.txt', size: 4, sha256: sha });
  // No temp files left beside the outputs.
  expect(fs.readdirSync(path.join(root, 'out-a')).sort()).toEqual(['artifacts.zip', 'result.json']);
});

test('a full disk while zipping rejects the export (no crash of the process) and leaves no temp file (real tmpfs)', () => {
  const out = path.join(root, 'small-disk');
  fs.mkdirSync(out);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', out], { stdio: 'ignore' });
  } catch {
    console.warn('skipping the full-disk export test: cannot mount tmpfs here');
    return;
  }
  try {
    const sb = path.join(root, 'big');
    fs.mkdirSync(path.join(sb, 'data', 'artifacts'), { recursive: true });
    fs.mkdirSync(path.join(sb, 'data', 'logs'), { recursive: true });
    // Incompressible and three times the disk: the zip's temp file hits ENOSPC part-way through.
    fs.writeFileSync(path.join(sb, 'data', 'artifacts', 'noise.bin'), randomish(3 * 1024 * 1024));
    fs.writeFileSync(path.join(sb, 'data', 'logs', 'sleeve.log'), 'line\n');
    const script = `
      const { exportSandbox } = require(${JSON.stringify(DIST)});
      exportSandbox({ sandboxDir: ${JSON.stringify(sb)}, outputPath: ${JSON.stringify(out)}, profile: 'p', runId: 'r',
        status: 'success', attempts: 1, durationMs: 5, peakRssMb: 1 })
        .then(() => console.log('stored'), (e) => console.log('rejected: ' + e.code));`;
    // Before the fix the process died of an unhandled rejection (exit code 1): the whole engine with it.
    const stdout = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(stdout.trim()).toBe('rejected: ENOSPC');
    expect(fs.readdirSync(out)).toEqual([]);
  } finally {
    execFileSync('umount', [out]);
  }
});

/** Deterministic incompressible bytes. */
function randomish(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let off = 0, i = 0; off < bytes; i++) off += createHash('sha256').update(String(i)).digest().copy(out, off);
  return out;
}

test('an export that fails part-way (full disk at the tearsheet copy) keeps the previous zip and result.json as a matching pair', () => {
  const out = path.join(root, 'small-disk-2');
  fs.mkdirSync(out);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', out], { stdio: 'ignore' });
  } catch {
    console.warn('skipping the partial-export test: cannot mount tmpfs here');
    return;
  }
  try {
    // The previous run's outputs.
    fs.writeFileSync(path.join(out, 'artifacts.zip'), 'previous zip');
    fs.writeFileSync(path.join(out, 'result.json'), '{"previous":true}\n');
    const sb = path.join(root, 'tearsheet-run');
    fs.mkdirSync(path.join(sb, 'data', 'artifacts', 'reports'), { recursive: true });
    fs.mkdirSync(path.join(sb, 'data', 'logs'), { recursive: true });
    // ~600 KB incompressible: the zip fits on the 1 MB disk, the tearsheet copy beside it does not.
    fs.writeFileSync(path.join(sb, 'data', 'artifacts', 'reports', 'tearsheet.html'), randomish(600 * 1024));
    fs.writeFileSync(path.join(sb, 'data', 'logs', 'sleeve.log'), 'line\n');
    const script = `
      const { exportSandbox } = require(${JSON.stringify(DIST)});
      exportSandbox({ sandboxDir: ${JSON.stringify(sb)}, outputPath: ${JSON.stringify(out)}, profile: 'p', runId: 'r',
        status: 'failed', error: 'x', attempts: 1, durationMs: 5, peakRssMb: 1 })
        .then(() => console.log('stored'), (e) => console.log('rejected: ' + e.code));`;
    const stdout = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(stdout.trim()).toBe('rejected: ENOSPC');
    expect(fs.readdirSync(out).sort()).toEqual(['artifacts.zip', 'result.json']);
    expect(fs.readFileSync(path.join(out, 'artifacts.zip'), 'utf8')).toBe('previous zip');
    expect(fs.readFileSync(path.join(out, 'result.json'), 'utf8')).toBe('{"previous":true}\n');
  } finally {
    execFileSync('umount', [out]);
  }
});

test("temp files left by an export whose process was killed are removed by the next export; a live process's are kept", () => {
  const out = path.join(root, 'out-stale');
  fs.mkdirSync(out);
  const dead = execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim(); // has exited
  const stale = [`.artifacts.zip.tmp-${dead}-0a1b2c3d`, `..artifacts.zip.tmp-${dead}-0a1b2c3d.tmp-${dead}-4e5f6a7b`, `.result.json.tmp-${dead}-deadbeef`];
  const live = `.result.json.tmp-${process.pid === 1 ? 2 : 1}-cafef00d`; // pid 1 is always alive
  for (const f of [...stale, live]) fs.writeFileSync(path.join(out, f), 'half');
  fs.writeFileSync(path.join(out, 'notes.txt'), 'not ours');
  const sb = makeSandbox('stale', new Date('2021-01-01T00:00:00Z'), 0o644, ['artifacts/b.txt', 'logs/sleeve.log']);
  exportIn(sb, out);
  expect(fs.readdirSync(out).sort()).toEqual([live, 'artifacts.zip', 'notes.txt', 'result.json'].sort());
});

test('the built-in zip writer writes the very bytes archiver writes (text, incompressible, 1-byte, non-ASCII names); empty files go to archiver', () => {
  const sb = path.join(root, 'fast-vs-archiver');
  const files: Record<string, Buffer> = {
    'artifacts/data/returns.csv': Buffer.from(Array.from({ length: 20000 }, (_, i) => `2021-01-${i % 28},${Math.sin(i).toFixed(6)}`).join('\n')),
    'artifacts/noise.bin': randomish(300 * 1024),
    'artifacts/one.txt': Buffer.from('x'),
    'artifacts/données/é-ü.json': Buffer.from('{"a":"ß"}\n'),
    'logs/sleeve.log': Buffer.from('line\n'.repeat(500)),
  };
  for (const [rel, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(sb, rel)), { recursive: true });
    fs.writeFileSync(path.join(sb, rel), data);
  }
  const script = `
    const { writeArchiverZip, writeZipFast, fastPathFits, sortByName } = require(${JSON.stringify(DIST)});
    const path = require('node:path');
    const files = sortByName(${JSON.stringify(Object.keys(files))}.map((name) => ({ name, abs: path.join(${JSON.stringify(sb)}, name), size: require('node:fs').statSync(path.join(${JSON.stringify(sb)}, name)).size })));
    (async () => {
      const fits = fastPathFits(files, 32 << 20);
      const fast = await writeZipFast(files, ${JSON.stringify(path.join(root, 'fast.zip'))});
      const slow = await writeArchiverZip(files, ${JSON.stringify(path.join(root, 'slow.zip'))});
      const empty = fastPathFits([...files, { name: 'artifacts/empty.txt', abs: '/x', size: 0 }], 32 << 20);
      const odd = fastPathFits([{ name: 'artifacts/a\\\\b', abs: '/x', size: 1 }], 32 << 20);
      console.log(JSON.stringify({ fits, empty, odd, fast, slow }));
    })();`;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  expect([r.fits, r.empty, r.odd]).toEqual([true, false, false]);
  const fast = fs.readFileSync(path.join(root, 'fast.zip'));
  expect(fast.equals(fs.readFileSync(path.join(root, 'slow.zip')))).toBe(true);
  expect(r.fast).toEqual(r.slow);
  expect(r.fast.sha256).toBe(createHash('sha256').update(fast).digest('hex'));
  const entries = unzipSync(fast);
  expect(Buffer.from(entries['artifacts/données/é-ü.json']).toString()).toBe('{"a":"ß"}\n');
});
