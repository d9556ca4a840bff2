/**
 * Parquet files as teams have them, written by independent writers (DuckDB's C++ writer through @duckdb/node-api;
 * hyparquet-writer only for legacy LZ4 and TIMESTAMP(NANOS, UTC), which DuckDB does not write), read by the compiled
 * reader in a real node process (hyparquet is ESM-only, see lakehouse.int.spec.ts). Fixtures: __fixtures__/team-parquet.mjs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'libs', 'pipeline', 'dist', 'lakehouse', 'index.js');
const WRITER = path.join(__dirname, '__fixtures__', 'team-parquet.mjs');

interface FileInfo {
  codecs: string[];
  encodings: Record<string, string>;
  rowGroups: number;
}
interface Read {
  dates?: string[];
  open?: number[];
  close?: number[];
  volume?: number[];
  adjClose?: number[] | null;
  priceField?: string;
  error?: string;
}

const N = 40;
const day = (start: string, i: number) => new Date(Date.parse(start) + i * 86_400_000).toISOString().slice(0, 10);
const EXPECTED = {
  dates: Array.from({ length: N }, (_, i) => day('2020-01-01', i)),
  open: Array.from({ length: N }, (_, i) => 100 + i),
  close: Array.from({ length: N }, (_, i) => 100.25 + i),
  volume: Array.from({ length: N }, (_, i) => 1e12 + i),
};

describe('team Parquet files (DuckDB-written fixtures, real node reader)', () => {
  let tmp: string;
  let files: Record<string, FileInfo>;
  let read: Record<string, Read>;

  beforeAll(() => {
    if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: run "npm run build"`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-team-parquet-'));
    files = (JSON.parse(execFileSync(process.execPath, [WRITER, tmp], { cwd: ROOT, encoding: 'utf8' })) as { files: Record<string, FileInfo> }).files;
    // One reader process for every file: readBarsFile, then the default price rule (adjusted close when present).
    const script = `
      const lh = require(${JSON.stringify(DIST)});
      const fs = require('fs'), path = require('path');
      (async () => {
        const out = {};
        for (const name of fs.readdirSync(${JSON.stringify(tmp)}).sort()) {
          const file = path.join(${JSON.stringify(tmp)}, name);
          try {
            const b = lh.applyPriceField(await lh.readBarsFile(file, 'X_Y'), file);
            out[name] = { dates: b.dates, open: [...b.open], close: [...b.close], volume: [...b.volume], adjClose: b.adjClose ? [...b.adjClose] : null, priceField: b.priceField };
          } catch (e) { out[name] = { error: e.message }; }
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    read = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, Read>;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['codec-uncompressed.parquet', 'UNCOMPRESSED'],
    ['codec-snappy.parquet', 'SNAPPY'],
    ['codec-gzip.parquet', 'GZIP'],
    ['codec-zstd.parquet', 'ZSTD'],
    ['codec-brotli.parquet', 'BROTLI'],
    ['codec-lz4.parquet', 'LZ4_RAW'],
    ['codec-lz4_raw.parquet', 'LZ4_RAW'],
    ['codec-lz4-hadoop.parquet', 'LZ4'],
  ])('reads %s (codec %s)', (name, codec) => {
    expect(files[name].codecs).toEqual([codec]);
    expect(read[name]).toEqual({ ...EXPECTED, adjClose: null, priceField: 'close' });
  });

  it.each([
    'time-us-naive.parquet', // TIMESTAMP(MICROS) naive (DuckDB TIMESTAMP, polars default)
    'time-ms-naive.parquet', // TIMESTAMP(MILLIS)
    'time-ns-naive.parquet', // TIMESTAMP(NANOS) at 16:00, column "datetime"
    'time-us-utc.parquet', // TIMESTAMP(MICROS, UTC) at 21:00 UTC (Spark, DuckDB TIMESTAMPTZ), zstd
    'time-ns-utc.parquet', // TIMESTAMP(NANOS, UTC) (pyarrow from datetime64[ns, UTC])
    'time-date.parquet', // DATE, column "date"
    'time-string-day.parquet', // "2020-01-01" strings, column "Date"
    'time-string-iso.parquet', // "2020-01-01T00:00:00-05:00" strings, column "time"
    'pandas-tokyo.parquet', // pandas tz-aware index in Asia/Tokyo: 15:00 UTC the day before
  ])('reads the day of %s', (name) => {
    expect(read[name]).toEqual({ ...EXPECTED, adjClose: null, priceField: 'close' });
  });

  it('reads Parquet format v2 pages with delta and byte-stream-split encodings', () => {
    expect(files['format-v2-delta.parquet'].encodings).toMatchObject({
      date: 'DELTA_BINARY_PACKED',
      close: 'BYTE_STREAM_SPLIT',
      volume: 'DELTA_BINARY_PACKED',
    });
    expect(read['format-v2-delta.parquet']).toEqual({ ...EXPECTED, adjClose: null, priceField: 'close' });
  });

  it('reads pandas/yfinance files: Date TIMESTAMP_NS index, Title Case, "Adj Close" used for returns', () => {
    const adj = EXPECTED.close.map((c) => c / 2);
    // open is scaled by the day's adj/close factor (here exactly 1/2)
    const open = EXPECTED.open.map((o) => o / 2);
    expect(read['pandas-yfinance.parquet']).toEqual({
      dates: EXPECTED.dates,
      open,
      close: adj,
      volume: EXPECTED.volume,
      adjClose: adj,
      priceField: 'adj_close',
    });
    expect(read['pandas-unnamed-index.parquet']).toEqual({
      dates: EXPECTED.dates,
      open,
      close: adj,
      volume: EXPECTED.volume,
      adjClose: adj,
      priceField: 'adj_close',
    });
  });

  it('reads many row groups of unsorted rows with dictionary-encoded day strings and INT32 volumes, sorted by date', () => {
    const info = files['unsorted-row-groups.parquet'];
    expect(info.rowGroups).toBeGreaterThanOrEqual(3);
    expect(info.encodings.Date).toBe('RLE_DICTIONARY');
    expect(info.encodings.Volume).toMatch(/DICTIONARY/);
    const r = read['unsorted-row-groups.parquet'];
    const n = 6000;
    expect(r.error).toBeUndefined();
    expect(r.dates).toEqual(Array.from({ length: n }, (_, i) => day('2000-01-01', i)));
    expect(r.close).toEqual(Array.from({ length: n }, (_, i) => 100 + i));
    expect(r.volume).toEqual(Array.from({ length: n }, (_, i) => (i % 3) * 100));
  });

  it('fails with one line naming the file, the column and what was expected', () => {
    const f = (name: string) => path.join(tmp, name);
    expect(read['bad-duplicate.parquet'].error).toBe(`${f('bad-duplicate.parquet')}: duplicate date 2020-01-05 (rows 4 and 40)`);
    expect(read['bad-int-timestamp.parquet'].error).toBe(
      `${f('bad-int-timestamp.parquet')}: column "timestamp" row 0: expected a TIMESTAMP, DATE or ISO date string (YYYY-MM-DD[Thh:mm:ss]), got 1577836800000n (Parquet INT64 INT_64, not a DATE or TIMESTAMP type)`,
    );
    expect(read['bad-string-close.parquet'].error).toBe(`${f('bad-string-close.parquet')}: column "close" row 0: expected a number, got "100.25"`);
    for (const r of Object.values(read)) if (r.error) expect(r.error).not.toContain('\n');
  });

  it('data.priceField: "close" keeps the raw close; "adj_close" on a file without one names the file', () => {
    const yf = path.join(tmp, 'pandas-yfinance.parquet');
    const plain = path.join(tmp, 'codec-zstd.parquet');
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `
      const lh = require(${JSON.stringify(DIST)});
      (async () => {
        const b = lh.applyPriceField(await lh.readBarsFile(${JSON.stringify(yf)}, 'X_Y'), ${JSON.stringify(yf)}, 'close');
        let err = null;
        try { lh.applyPriceField(await lh.readBarsFile(${JSON.stringify(plain)}, 'X_Y'), ${JSON.stringify(plain)}, 'adj_close'); } catch (e) { err = e.message; }
        process.stdout.write(JSON.stringify({ field: b.priceField, close: [...b.close], err }));
      })();`,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({
      field: 'close',
      close: EXPECTED.close,
      err: `${plain}: data.priceField is "adj_close" but the file has no adjusted close column (expected one named adj_close or "Adj Close"); set data.priceField to "close" or add the column`,
    });
  });
});
