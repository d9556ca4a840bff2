/**
 * The package's main entry ("." in package.json) is the one-file build a module sleeve loads (tools/build/bundle.js):
 * one module file with hyparquet inside it, the same exports as the tsc build, and Parquet files from another writer
 * (DuckDB, __fixtures__/team-lakehouse.mjs) read through the bundled general reader. Real node processes on dist/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PKG = path.join(ROOT, 'libs', 'pipeline');
const BUNDLE = path.join(PKG, 'dist', 'bundle', 'index.js');
const TEAM_WRITER = path.join(__dirname, 'lakehouse', '__fixtures__', 'team-lakehouse.mjs');

interface Loaded<T> {
  ok: T;
  /** Every module request made after the entry was loaded (node builtins left out). */
  requests: string[];
  /** require.cache after the run: the CommonJS files the process loaded. */
  files: string[];
}

/** Runs `body` (an async function body; `lib` = require(<package dir>)) in a fresh node process. */
function inNode<T>(body: string): Loaded<T> {
  const script = `
    const Module = require('node:module');
    const requests = [];
    const load = Module._load;
    Module._load = function (request) {
      if (!request.startsWith('node:') && !Module.isBuiltin(request)) requests.push(request);
      return load.apply(this, arguments);
    };
    const lib = require(${JSON.stringify(PKG)});
    requests.length = 0;
    (async () => { ${body} })().then(
      (ok) => process.stdout.write(JSON.stringify({ ok: ok ?? null, requests, files: Object.keys(require.cache) })),
      (e) => process.stdout.write(JSON.stringify({ error: e.message })));`;
  const res = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), encoding: 'utf8' })) as Loaded<T> & { error?: string };
  if (res.error !== undefined) throw new Error(res.error);
  return res;
}

describe('the one-file build (package main)', () => {
  let tmp: string;
  beforeAll(() => {
    if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build"`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bundle-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is what the package name resolves to, one file, with the exports of the tsc build', () => {
    expect(require.resolve('@nx-sleeves/pipeline', { paths: [PKG] })).toBe(BUNDLE);
    const r = inNode<string[]>(`return Object.keys(lib).filter((k) => typeof lib[k] === 'function').sort();`);
    const tsc = inNode<string[]>(`const m = require(${JSON.stringify(path.join(PKG, 'dist', 'index.js'))});
      return Object.keys(m).filter((k) => typeof m[k] === 'function').sort();`);
    expect(r.ok).toEqual(tsc.ok);
    expect(r.ok).toEqual(expect.arrayContaining(['run', 'readBarsFile', 'writeBarsParquet']));
    expect(r.files).toEqual([BUNDLE]);
  });

  it('reads our files and DuckDB-written ones (zstd, snappy, gzip; DATE, TIMESTAMP_NS, TIMESTAMPTZ) without loading hyparquet from node_modules', () => {
    const lake = path.join(tmp, 'drive');
    fs.mkdirSync(lake);
    execFileSync(process.execPath, [TEAM_WRITER, lake], { cwd: ROOT });
    const ours = path.join(lake, 'NYSE_OWN_1d.parquet');
    inNode(`await lib.writeBarsParquet(${JSON.stringify(ours)}, { id: 'NYSE_OWN', dates: ['2024-02-28', '2024-02-29', '2024-03-01'],
      open: Float64Array.from([1.5, 2.25, 3]), high: Float64Array.from([2, 3, 4.125]), low: Float64Array.from([1, 2, 2.5]),
      close: Float64Array.from([1.75, 2.5, 3.999999]), volume: Float64Array.from([100, 0, 1e9]) });`);

    const r = inNode<{ own: { dates: string[]; close: number[] }; team: Record<string, { n: number; first: string; last: string }> }>(`
      const b = await lib.readBarsFile(${JSON.stringify(ours)}, 'NYSE_OWN');
      const team = {};
      for (const id of ['NYSE_AAA', 'NASDAQ_CCC', 'BINANCE_DDD']) {
        const t = await lib.readBarsFile(require('node:path').join(${JSON.stringify(lake)}, id + '_1d.parquet'), id);
        team[id] = { n: t.dates.length, first: t.dates[0], last: t.dates[t.dates.length - 1] };
      }
      return { own: { dates: b.dates, close: [...b.close] }, team };`);
    expect(r.ok.own).toEqual({ dates: ['2024-02-28', '2024-02-29', '2024-03-01'], close: [1.75, 2.5, 3.999999] });
    expect(r.ok.team.NYSE_AAA).toEqual({ n: 520, first: '2021-01-04', last: '2022-12-30' });
    expect(r.ok.team.NASDAQ_CCC).toMatchObject({ n: 520, first: '2021-01-04' });
    expect(r.ok.team.BINANCE_DDD).toEqual({ n: 727, first: '2021-01-04', last: '2022-12-31' });
    // The reader is inside the bundle; only the extra codecs (zstd, gzip: hyparquet-compressors) come from node_modules.
    expect(r.requests.filter((q) => /^hyparquet($|\/)/.test(q))).toEqual([]);
    expect(r.requests).toContain('hyparquet-compressors');
  });
});
