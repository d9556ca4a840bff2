/**
 * For simple-columns.int.spec.ts: writes Parquet files of many shapes (hyparquet-writer and DuckDB) and reads every
 * column twice, with the fast path (readSimpleColumn) and with hyparquet's general reader.
 * Usage: node simple-columns.mjs <outDir> <compiled lakehouse dir> → prints JSON
 *   { <file>: { <column>: { fast: number[] | null, general: number[] } } }
 * (general: the physical value: a TIMESTAMP(MILLIS) as epoch ms, a DATE as days, an INT64 as a Number).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetRead } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const out = process.argv[2];
const lakehouseDist = path.resolve(process.argv[3]);
const require = createRequire(import.meta.url);
const { parquetCore } = require(path.join(lakehouseDist, 'parquet-lib.js'));
const { readSimpleColumn } = require(path.join(lakehouseDist, 'simple-columns.js'));
const { encodeBarsParquet } = require(path.join(lakehouseDist, 'bars-parquet.js'));

const N = 3000;
const DAY = 86_400_000;
const days = [];
for (let t = Date.UTC(1962, 0, 1); days.length < N; t += DAY) if (new Date(t).getUTCDay() % 6) days.push(new Date(t).toISOString().slice(0, 10));
const close = Float64Array.from({ length: N }, (_, i) => 100 + Math.sin(i) * 10 + i / 7);
const bars = {
  id: 'X',
  dates: days,
  open: close,
  high: close.map((x) => x + 1),
  low: close.map((x) => x - 1),
  close,
  volume: close.map((x) => Math.round(x * 1000)),
};
const write = (name, bytes) => fs.writeFileSync(path.join(out, name), bytes);
const ms = days.map((d) => BigInt(Date.parse(d)));
const col = (name, type, extra = {}) => ({ name, type, repetition_type: 'REQUIRED', ...extra });
const tsMillis = { converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
const hw = (name, schemaCols, data, opts = {}) =>
  write(name, new Uint8Array(parquetWriteBuffer({ schema: [{ name: 'root', num_children: schemaCols.length }, ...schemaCols], columnData: data, ...opts })));

// this project's writer (TIMESTAMP(MILLIS) delta + PLAIN doubles, Snappy), its DATE variant; dates before 1970 (negative)
write('ours-timestamp.parquet', encodeBarsParquet(bars));
write('ours-date.parquet', encodeBarsParquet(bars, { dateColumn: 'date' }));
// many small pages, uncompressed, PLAIN INT64 timestamps and INT32 / INT64 prices
hw(
  'pages-uncompressed.parquet',
  [col('timestamp', 'INT64', tsMillis), col('close', 'DOUBLE'), col('volume', 'INT64'), col('count', 'INT32'), col('wide', 'INT64')],
  [
    { name: 'timestamp', data: ms, encoding: 'PLAIN' },
    { name: 'close', data: close, encoding: 'PLAIN' },
    { name: 'volume', data: ms.map((x) => x / 1000n - 5n), encoding: 'DELTA_BINARY_PACKED' },
    { name: 'count', data: Int32Array.from(close, (x, i) => (i % 2 ? -1 : 1) * Math.round(x * 1e6)), encoding: 'DELTA_BINARY_PACKED' },
    // deltas of ~2^45: miniblocks wider than 30 bits
    { name: 'wide', data: ms.map((x, i) => BigInt(i % 3) * 2n ** 45n - BigInt(i)), encoding: 'DELTA_BINARY_PACKED' },
  ],
  { codec: 'UNCOMPRESSED', pageSize: 512, rowGroupSize: N },
);
// not the simple shape: INT64 beyond 2^53, dictionary doubles, an OPTIONAL column
hw(
  'not-simple.parquet',
  [col('big', 'INT64'), col('big_delta', 'INT64'), col('dict', 'DOUBLE'), { name: 'maybe', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
  [
    { name: 'big', data: ms.map((x, i) => (i === 2000 ? 2n ** 60n : x)), encoding: 'PLAIN' },
    { name: 'big_delta', data: ms.map((x, i) => (i === 2000 ? -(2n ** 62n) : x)), encoding: 'DELTA_BINARY_PACKED' },
    { name: 'dict', data: close.map((x) => Math.round(x) % 3), encoding: 'RLE_DICTIONARY' },
    { name: 'maybe', data: Array.from(close) },
  ],
  { rowGroupSize: N },
);
// DuckDB (NOT NULL columns, v1 and v2 pages, several codecs)
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE t (timestamp TIMESTAMP_MS NOT NULL, close DOUBLE NOT NULL, volume BIGINT NOT NULL, d DATE NOT NULL)`);
await c.run(`INSERT INTO t SELECT TIMESTAMP '1990-01-01' + INTERVAL (i) DAY, 100 + i / 7, 1000 + i * 3, DATE '1990-01-01' + i::INT FROM range(${N}) r(i)`);
for (const [name, opts] of [
  ['duckdb-v1-uncompressed.parquet', ', COMPRESSION uncompressed'],
  ['duckdb-v1-gzip.parquet', ', COMPRESSION gzip'],
  ['duckdb-v2-snappy.parquet', ', COMPRESSION snappy, PARQUET_VERSION V2'],
]) {
  await c.run(`COPY t TO '${path.join(out, name).replaceAll("'", "''")}' (FORMAT parquet${opts})`);
}

const core = parquetCore();
const { compressors } = await import('hyparquet-compressors');
const result = {};
for (const name of fs.readdirSync(out).sort()) {
  const bytes = fs.readFileSync(path.join(out, name));
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = core.parquetMetadata(buf);
  const rows = Number(metadata.num_rows);
  const general = {};
  await parquetRead({
    file: buf,
    metadata,
    compressors,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const target = (general[columnName] ??= new Array(rows));
      for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
    },
  });
  result[name] = {};
  for (const e of metadata.schema.slice(1)) {
    const fast = readSimpleColumn(core, buf, metadata, e.name, rows, compressors);
    const physical = general[e.name].map((v) =>
      v instanceof Date ? (e.converted_type === 'DATE' ? v.getTime() / DAY : v.getTime()) : typeof v === 'bigint' ? Number(v) : v,
    );
    result[name][e.name] = { type: e.type, fast: fast ? [...fast] : null, general: physical };
  }
}
process.stdout.write(JSON.stringify(result));
