/**
 * Real-process tests: hyparquet is ESM-only, which Jest's CJS loader cannot load, so Parquet I/O,
 * the generator CLI and the fingerprint CLI run in `node` on the compiled dist/ (built by `npm test`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'libs', 'pipeline', 'dist', 'lakehouse');
const GENERATE = path.join(ROOT, 'tools', 'market-data', 'generate.js');
const FINGERPRINT = path.join(DIST, 'fingerprint-cli.js');

/** Runs `body` (an async function body) in node with `lh` = the compiled lakehouse module and
 * `hw` = hyparquet-writer, `hp` = hyparquet; returns what it returns, through JSON. */
function inNode<T>(body: string): T {
  const script = `
    const lh = require(${JSON.stringify(path.join(DIST, 'index.js'))});
    const hw = require('hyparquet-writer');
    const hp = require('hyparquet');
    (async () => { ${body} })().then(
      (v) => process.stdout.write(JSON.stringify({ ok: v === undefined ? null : v })),
      (e) => process.stdout.write(JSON.stringify({ error: e.message })));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: path.join(ROOT, 'libs', 'pipeline'), encoding: 'utf8' });
  const res = JSON.parse(out) as { ok?: T; error?: string };
  if (res.error !== undefined) throw new Error(res.error);
  return res.ok as T;
}

const BARS_JS = `{ id: 'X_Y', dates: ['2024-02-28', '2024-02-29', '2024-03-01'],
  open: Float64Array.from([1.5, 2.25, 3]), high: Float64Array.from([2, 3, 4.125]), low: Float64Array.from([1, 2, 2.5]),
  close: Float64Array.from([1.75, 2.5, 3.999999]), volume: Float64Array.from([100, 0, 1e9]) }`;
const plain = `const plain = (b) => ({ id: b.id, dates: b.dates, open: [...b.open], high: [...b.high], low: [...b.low], close: [...b.close], volume: [...b.volume] });`;
const EXPECTED = {
  id: 'X_Y',
  dates: ['2024-02-28', '2024-02-29', '2024-03-01'],
  open: [1.5, 2.25, 3],
  high: [2, 3, 4.125],
  low: [1, 2, 2.5],
  close: [1.75, 2.5, 3.999999],
  volume: [100, 0, 1e9],
};

describe('lakehouse (real node processes on dist/)', () => {
  let tmp: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'index.js'))) {
      throw new Error(`${DIST}/index.js is missing: run "npm run build" (npm test builds first)`);
    }
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-lakehouse-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('round-trips bars through Parquet with a timestamp column typed TIMESTAMP(MILLIS, UTC)', () => {
    const file = path.join(tmp, 'X_Y_1d.parquet');
    const res = inNode<{ bars: unknown; schema: unknown[]; files: string[] }>(`${plain}
      await lh.writeBarsParquet(${JSON.stringify(file)}, ${BARS_JS});
      const buf = require('fs').readFileSync(${JSON.stringify(file)});
      const meta = hp.parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      return { bars: plain(await lh.readBarsFile(${JSON.stringify(file)}, 'X_Y')), schema: meta.schema.map((e) => [e.name, e.type, e.logical_type]),
               files: require('fs').readdirSync(${JSON.stringify(tmp)}) };`);
    expect(res.bars).toEqual(EXPECTED);
    expect(res.schema).toEqual([
      ['root', null, null], // (undefined comes back as null through JSON)
      ['timestamp', 'INT64', { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' }],
      ['open', 'DOUBLE', null],
      ['high', 'DOUBLE', null],
      ['low', 'DOUBLE', null],
      ['close', 'DOUBLE', null],
      ['volume', 'DOUBLE', null],
    ]);
    expect(res.files).toEqual(['X_Y_1d.parquet']); // written via temp name + rename, nothing left over
  });

  it('reads a Parquet DATE column named date', () => {
    const file = path.join(tmp, 'X_Y_1d.parquet');
    const bars = inNode(`${plain}
      await lh.writeBarsParquet(${JSON.stringify(file)}, ${BARS_JS}, { dateColumn: 'date' });
      return plain(await lh.readBarsFile(${JSON.stringify(file)}, 'X_Y'));`);
    expect(bars).toEqual(EXPECTED);
  });

  it('reads a string Date column with other column-name cases, INT64 volume, unsorted rows', () => {
    const file = path.join(tmp, 'X_Y_1d.parquet');
    const bars = inNode(`${plain}
      hw.parquetWriteFile({ filename: ${JSON.stringify(file)}, columnData: [
        { name: 'Date', data: ['2024-03-01', '2024-02-28T00:00:00Z', '2024-02-29'], type: 'STRING' },
        { name: 'Open', data: [3, 1.5, 2.25], type: 'DOUBLE' }, { name: 'High', data: [4.125, 2, 3], type: 'DOUBLE' },
        { name: 'Low', data: [2.5, 1, 2], type: 'DOUBLE' }, { name: 'Close', data: [3.999999, 1.75, 2.5], type: 'DOUBLE' },
        { name: 'Volume', data: [1000000000n, 100n, 0n], type: 'INT64' } ] });
      return plain(await lh.readBarsFile(${JSON.stringify(file)}, 'X_Y'));`);
    expect(bars).toEqual(EXPECTED);
  });

  it.each([
    [
      `{ name: 'timestamp', data: [new Date(0)], type: 'TIMESTAMP' }, { name: 'open', data: [1], type: 'DOUBLE' }`,
      'missing column "high" (columns: timestamp, open)',
    ],
    [
      `{ name: 'when', data: ['2024-01-01'], type: 'STRING' }`,
      'no date column; expected one named timestamp, date, datetime or time (any case), or a pandas index (columns: when)',
    ],
    [
      `{ name: 'date', data: ['01/02/2024'], type: 'STRING' }, ...['open','high','low','close','volume'].map((name) => ({ name, data: [1], type: 'DOUBLE' }))`,
      'column "date" row 0: expected a TIMESTAMP, DATE or ISO date string (YYYY-MM-DD[Thh:mm:ss]), got "01/02/2024"',
    ],
    [
      `{ name: 'date', data: ['2024-01-01', '2024-01-01'], type: 'STRING' }, ...['open','high','low','close','volume'].map((name) => ({ name, data: [1, 2], type: 'DOUBLE' }))`,
      'duplicate date 2024-01-01 (rows 0 and 1)',
    ],
    [
      `{ name: 'date', data: ['2024-01-01'], type: 'STRING' }, ...['open','high','low','close','volume'].map((name) => ({ name, data: ['x'], type: 'STRING' }))`,
      'column "open" row 0: expected a number, got "x"',
    ],
  ])('names the file and column of bad data %#', (columns, message) => {
    const file = path.join(tmp, 'X_Y_1d.parquet');
    expect(() =>
      inNode(`hw.parquetWriteFile({ filename: ${JSON.stringify(file)}, columnData: [${columns}] });
      await lh.readBarsFile(${JSON.stringify(file)}, 'X_Y');`),
    ).toThrow(`${file}: ${message}`);
  });

  it('rejects a file that is not Parquet', () => {
    const file = path.join(tmp, 'X_Y_1d.parquet');
    fs.writeFileSync(file, 'date,open\n');
    expect(() => inNode(`await lh.readBarsFile(${JSON.stringify(file)}, 'X_Y');`)).toThrow(`${file}: not a readable Parquet file`);
  });

  it('reads symbols of a lakehouse directory by id, imports CSV, and names unknown symbols', () => {
    const dir = path.join(tmp, 'lh');
    const csv = path.join(tmp, 'in.csv');
    fs.writeFileSync(csv, 'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2,1,1.25,20\n');
    const res = inNode<{ ids: string[]; order: string[]; close: number[] }>(`
      await lh.writeBarsParquet(${JSON.stringify(path.join(dir, 'X_Y_1d.parquet'))}, ${BARS_JS});
      await lh.importCsv(${JSON.stringify(csv)}, ${JSON.stringify(path.join(dir, 'NYSE_ABC_1d.parquet'))});
      const many = await lh.readMany(${JSON.stringify(dir)}, ['X_Y', 'NYSE_ABC']);
      return { ids: lh.listSymbols(${JSON.stringify(dir)}).map((s) => s.id), order: [...many.keys()], close: [...(await lh.readBars(${JSON.stringify(dir)}, 'NYSE_ABC')).close] };`);
    expect(res).toEqual({ ids: ['NYSE_ABC', 'X_Y'], order: ['X_Y', 'NYSE_ABC'], close: [1.5, 1.25] });
    expect(() => inNode(`await lh.readBars(${JSON.stringify(dir)}, 'NYSE_NOPE');`)).toThrow(
      `lakehouse ${dir}: unknown symbol "NYSE_NOPE" (no catalog entry and no NYSE_NOPE_1d.parquet)`,
    );
    expect(() => inNode(`await lh.readBars(${JSON.stringify(dir)}, '../X_Y');`)).toThrow('symbol: expected an id like EXCHANGE_SYMBOL');
  });

  it('generates byte-identical lakehouses from the same seed in any directory, with equal fingerprints', () => {
    const a = path.join(tmp, 'a', 'lakehouse');
    const b = path.join(tmp, 'b');
    fs.mkdirSync(b);
    execFileSync(process.execPath, [GENERATE, '--out', a, '--scale', 'small', '--seed', '42'], { cwd: ROOT, encoding: 'utf8' });
    const out = execFileSync(process.execPath, [GENERATE, '--out', 'lh', '--scale', 'small', '--seed', '42'], { cwd: b, encoding: 'utf8' });
    expect(out).toMatch(/^market-data: wrote 2\d symbols \(2\d files\) to lh in [\d.]+ s\n$/);
    const files = fs.readdirSync(a).sort();
    expect(fs.readdirSync(path.join(b, 'lh')).sort()).toEqual(files);
    expect(files).toContain('catalog.json');
    expect(files.filter((f) => f.endsWith('_1d.parquet')).length).toBeGreaterThanOrEqual(20);
    for (const f of files) expect(fs.readFileSync(path.join(b, 'lh', f)).equals(fs.readFileSync(path.join(a, f)))).toBe(true);

    const fp = (dir: string, ...extra: string[]) => execFileSync(process.execPath, [FINGERPRINT, dir, ...extra], { cwd: tmp, encoding: 'utf8' });
    const fa = fp(a, '--cache', path.join(tmp, 'fa.json'));
    expect(fa).toMatch(/^[0-9a-f]{64}\n$/);
    expect(fp(path.join(b, 'lh'), '--no-cache')).toBe(fa);

    // The catalog describes every file; another seed gives other bytes and another fingerprint.
    const catalog = JSON.parse(fs.readFileSync(path.join(a, 'catalog.json'), 'utf8'));
    expect(catalog.source).toEqual({ endDate: '2025-12-31', generator: 'nx-sleeves market-data', scale: 'small', seed: 42, years: 3 });
    expect(catalog.symbols.map((s: { file: string }) => s.file).sort()).toEqual(files.filter((f) => f !== 'catalog.json'));
    execFileSync(process.execPath, [GENERATE, '--out', a, '--scale', 'small', '--seed', '43'], { cwd: ROOT });
    expect(fp(a, '--no-cache')).not.toBe(fa);
  });

  it('CLIs fail with one clear line on bad arguments', () => {
    const gen = spawnSync(process.execPath, [GENERATE, '--scale', 'huge', '--out', path.join(tmp, 'x')], { encoding: 'utf8' });
    expect(gen.status).toBe(1);
    expect(gen.stderr).toBe('generator: scale: expected "full" or "small", got "huge"\n');
    const bad = spawnSync(process.execPath, [GENERATE, '--seed', 'abc'], { encoding: 'utf8' });
    expect(bad.stderr).toBe('generate: --seed: expected a non-negative integer, got "abc"\n');
    const fp = spawnSync(process.execPath, [FINGERPRINT], { encoding: 'utf8' });
    expect(fp.status).toBe(1);
    expect(fp.stderr).toBe('fingerprint-cli: missing <dir> (usage: fingerprint-cli <dir> [--cache <file>|--no-cache])\n');
    const notDir = spawnSync(process.execPath, [FINGERPRINT, __filename], { encoding: 'utf8' });
    expect(notDir.status).toBe(1);
    expect(notDir.stderr).toBe(`fingerprint: ${__filename}: expected a directory\n`);
  });

  it('fingerprint CLI prints a stable value for a lakehouse that does not exist yet (Nx may hash before generating it)', () => {
    const run = (dir: string) => spawnSync(process.execPath, [FINGERPRINT, dir], { encoding: 'utf8' });
    const a = run(path.join(tmp, 'nope'));
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(a.stderr).toBe(`fingerprint-cli: ${path.join(tmp, 'nope')} does not exist (yet); printing the fingerprint of a missing lakehouse\n`);
    expect(run(path.join(tmp, 'other')).stdout).toBe(a.stdout);
    fs.mkdirSync(path.join(tmp, 'empty'));
    expect(run(path.join(tmp, 'empty')).stdout).not.toBe(a.stdout);
  });
});
