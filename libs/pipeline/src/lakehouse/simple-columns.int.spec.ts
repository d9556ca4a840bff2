/**
 * The reader's fast path (simple-columns.ts) against hyparquet's general reader on the same files, in a real node
 * process (hyparquet is ESM-only): every column it decodes has exactly the general reader's values, and it declines
 * every shape it does not know. Fixture: __fixtures__/simple-columns.mjs (hyparquet-writer and DuckDB files).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'libs', 'pipeline', 'dist', 'lakehouse');
const FIXTURE = path.join(__dirname, '__fixtures__', 'simple-columns.mjs');

type Columns = Record<string, { type: string; fast: number[] | null; general: number[] }>;

describe('simple-column fast path (real node reader)', () => {
  let tmp: string;
  let files: Record<string, Columns>;

  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'simple-columns.js'))) throw new Error(`${DIST} is missing the fast path: run "npm run build"`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-simple-columns-'));
    files = JSON.parse(execFileSync(process.execPath, [FIXTURE, tmp, DIST], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, Columns>;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['ours-timestamp.parquet', ['timestamp', 'open', 'high', 'low', 'close', 'volume']],
    ['ours-date.parquet', ['date', 'open', 'high', 'low', 'close', 'volume']],
    ['pages-uncompressed.parquet', ['timestamp', 'close', 'volume', 'count', 'wide']],
  ])('%s: decodes %j with the general reader values (dates before 1970, many pages, PLAIN and delta integers)', (name, columns) => {
    const cols = files[name];
    expect(Object.keys(cols)).toEqual(columns);
    for (const c of columns) {
      expect(cols[c].fast).not.toBeNull();
      expect(cols[c].fast).toEqual(cols[c].general);
      expect(cols[c].general).toHaveLength(3000);
    }
    expect(cols[columns[0]].general[0]).toBeLessThan(0); // 1962: negative epoch values
    if (cols.wide) expect(Math.max(...cols.wide.general)).toBeGreaterThan(2 ** 45); // > 30-bit residuals
  });

  it.each([
    ['not-simple.parquet', ['big', 'big_delta', 'dict', 'maybe']], // INT64 beyond 2^53 (plain, delta), dictionary, OPTIONAL
    ['duckdb-v1-uncompressed.parquet', ['timestamp', 'close', 'volume', 'd']], // OPTIONAL columns with definition levels
    ['duckdb-v1-gzip.parquet', ['timestamp', 'close', 'volume', 'd']],
    ['duckdb-v2-snappy.parquet', ['timestamp', 'close', 'volume', 'd']],
  ])('%s: declines %j (left to the general reader)', (name, columns) => {
    const cols = files[name];
    expect(Object.keys(cols)).toEqual(columns);
    for (const c of columns) {
      expect(cols[c].fast).toBeNull();
      expect(cols[c].general).toHaveLength(3000);
    }
  });
});
