/**
 * Writes Parquet files shaped like the ones teams keep (pandas/pyarrow, polars, DuckDB, Spark) with independent
 * writers: DuckDB (C++, @duckdb/node-api) for every codec it has and every time type, hyparquet-writer only for what
 * DuckDB cannot write (legacy Hadoop-framed LZ4, TIMESTAMP(NANOS) adjusted to UTC).
 * Usage: node team-parquet.mjs <outDir> → prints JSON { files: { name: { codecs, encodings, rowGroups } } }.
 *
 * Every file holds the same N_DAYS bars (day i = 2020-01-01 + i): open 100+i, high 101.5+i, low 99+i, close
 * 100.25+i, adj close (100.25+i)/2, volume 1e12+i (an INT64 beyond 2^31); the unsorted file holds N_LONG bars (see there).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteFile } from 'hyparquet-writer';
import * as path from 'node:path';

const out = process.argv[2];
const N_DAYS = 40;
const N_LONG = 6000;
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const f = (name) => path.join(out, name).replaceAll("'", "''");

// Base bars; `d` is the day as a DATE, `k` a scrambled order for unsorted files.
await c.run(`CREATE TABLE bars AS SELECT DATE '2020-01-01' + i::INT AS d, (i * 7919) % ${N_DAYS} AS k,
  100 + i::DOUBLE AS o, 101.5 + i::DOUBLE AS h, 99 + i::DOUBLE AS l, 100.25 + i::DOUBLE AS c, (100.25 + i::DOUBLE) / 2 AS adj,
  (1000000000000 + i)::BIGINT AS v FROM range(${N_DAYS}) t(i)`);
const copy = (select, name, opts = '') => c.run(`COPY (${select}) TO '${f(name)}' (FORMAT parquet${opts})`);
const ohlcv = 'o AS open, h AS high, l AS low, c AS close, v AS volume';

// Every codec DuckDB writes (its "lz4" is LZ4_RAW, like pyarrow's since 8.0), with a DuckDB TIMESTAMPTZ.
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw']) {
  await copy(`SELECT d::TIMESTAMPTZ AS timestamp, ${ohlcv} FROM bars`, `codec-${codec}.parquet`, `, COMPRESSION ${codec}`);
}
// Parquet format v2 (DATA_PAGE_V2, DELTA_BINARY_PACKED days and volumes, BYTE_STREAM_SPLIT doubles), as newer writers emit.
await copy(`SELECT d AS date, ${ohlcv} FROM bars`, 'format-v2-delta.parquet', ', PARQUET_VERSION V2, COMPRESSION zstd');
// Time types (polars writes DATE / TIMESTAMP(us|ns) naive; Spark TIMESTAMP(us, UTC)), bars stamped at various hours.
await copy(`SELECT d::TIMESTAMP AS timestamp, ${ohlcv} FROM bars`, 'time-us-naive.parquet');
await copy(`SELECT d::TIMESTAMP::TIMESTAMP_MS AS timestamp, ${ohlcv} FROM bars`, 'time-ms-naive.parquet');
await copy(`SELECT (d::TIMESTAMP + INTERVAL 16 HOUR)::TIMESTAMP_NS AS datetime, ${ohlcv} FROM bars`, 'time-ns-naive.parquet');
await copy(`SELECT (d::TIMESTAMP + INTERVAL 21 HOUR)::TIMESTAMPTZ AS timestamp, ${ohlcv} FROM bars`, 'time-us-utc.parquet', ', COMPRESSION zstd');
await copy(`SELECT d AS date, ${ohlcv} FROM bars`, 'time-date.parquet', ', COMPRESSION zstd');
await copy(`SELECT strftime(d, '%Y-%m-%d') AS Date, ${ohlcv} FROM bars`, 'time-string-day.parquet');
await copy(`SELECT strftime(d, '%Y-%m-%dT%H:%M:%S') || '-05:00' AS time, ${ohlcv} FROM bars`, 'time-string-iso.parquet');
// pandas (df.to_parquet of yfinance output): Date as TIMESTAMP_NS, Title Case, "Adj Close", a pandas metadata key.
const pandasMeta = (index, tz) =>
  JSON.stringify({
    index_columns: [index],
    columns: [
      {
        name: index === '__index_level_0__' ? null : index,
        field_name: index,
        pandas_type: 'datetimetz',
        numpy_type: 'datetime64[ns]',
        metadata: tz ? { timezone: tz } : null,
      },
    ],
    pandas_version: '2.2.3',
  }).replaceAll("'", "''");
await copy(
  `SELECT o AS Open, h AS High, l AS Low, c AS Close, adj AS "Adj Close", v AS Volume, d::TIMESTAMP_NS AS Date FROM bars`,
  'pandas-yfinance.parquet',
  `, COMPRESSION snappy, KV_METADATA { pandas: '${pandasMeta('Date')}' }`,
);
await copy(
  `SELECT o AS Open, h AS High, l AS Low, c AS Close, adj AS adj_close, v AS Volume, d::TIMESTAMP_NS AS __index_level_0__ FROM bars`,
  'pandas-unnamed-index.parquet',
  `, KV_METADATA { pandas: '${pandasMeta('__index_level_0__')}' }`,
);
// pandas tz-aware index in Asia/Tokyo: the UTC instants are 15:00 the day before.
await copy(
  `SELECT (d::TIMESTAMP - INTERVAL 9 HOUR)::TIMESTAMPTZ AS Date, o AS Open, h AS High, l AS Low, c AS Close, v AS Volume FROM bars`,
  'pandas-tokyo.parquet',
  `, KV_METADATA { pandas: '${pandasMeta('Date', 'Asia/Tokyo')}' }`,
);
// Many row groups (DuckDB cuts them at multiples of 2048 rows), unsorted rows, dictionary-encoded strings (the
// day as text, the exchange) and INT32 volumes with few distinct values (dictionary-encoded too).
await c.run(`CREATE TABLE long AS SELECT DATE '2000-01-01' + i::INT AS d, (i * 7919) % ${N_LONG} AS k, 100 + i::DOUBLE AS c,
  ((i % 3) * 100)::INT AS v FROM range(${N_LONG}) t(i)`);
// The day as an ENUM (like a pandas Categorical): DuckDB writes it as dictionary-encoded UTF8 strings.
await c.run(`CREATE TYPE day_text AS ENUM (SELECT strftime(d, '%Y-%m-%d') FROM long ORDER BY d)`);
await copy(
  `SELECT strftime(d, '%Y-%m-%d')::day_text AS Date, c - 1 AS Open, c + 1 AS High, c - 2 AS Low, c AS Close, v AS Volume, 'NYSE' AS exchange FROM long ORDER BY k`,
  'unsorted-row-groups.parquet',
  ', ROW_GROUP_SIZE 2048, COMPRESSION zstd',
);
// Errors.
await copy(`SELECT d AS date, ${ohlcv} FROM bars UNION ALL SELECT DATE '2020-01-05', 1, 1, 1, 1, 1 FROM range(1)`, 'bad-duplicate.parquet');
await copy(`SELECT epoch_ms(d::TIMESTAMP) AS timestamp, ${ohlcv} FROM bars`, 'bad-int-timestamp.parquet');
await copy(`SELECT d AS date, o AS open, h AS high, l AS low, c::VARCHAR AS close, v AS volume FROM bars`, 'bad-string-close.parquet');

// hyparquet-writer: legacy LZ4 (Hadoop framing: big-endian raw and compressed sizes, then an LZ4 block; here a
// literal-only block, a valid LZ4 encoding) and TIMESTAMP(NANOS, isAdjustedToUTC=true), which DuckDB does not write.
const lz4Hadoop = (input) => {
  const n = input.length;
  const ext = n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0;
  const block = new Uint8Array(1 + ext + n);
  let p = 0;
  block[p++] = Math.min(n, 15) << 4;
  if (n >= 15) {
    let rest = n - 15;
    while (rest >= 255) {
      block[p++] = 255;
      rest -= 255;
    }
    block[p++] = rest;
  }
  block.set(input, p);
  const framed = new Uint8Array(8 + block.length);
  new DataView(framed.buffer).setUint32(0, n);
  new DataView(framed.buffer).setUint32(4, block.length);
  framed.set(block, 8);
  return framed;
};
const rows = await (await c.runAndReadAll('SELECT epoch_ms(d::TIMESTAMP) AS ms, o, h, l, c, v FROM bars ORDER BY d')).getRowObjects();
const col = (k) => rows.map((r) => Number(r[k]));
const hwColumns = (dateColumn, typed = true) => [
  dateColumn,
  ...['open', 'high', 'low', 'close'].map((name, j) => ({ name, data: col('ohlc'[j]), ...(typed ? { type: 'DOUBLE' } : {}) })),
  { name: 'volume', data: rows.map((r) => BigInt(r.v)), ...(typed ? { type: 'INT64' } : {}) },
];
parquetWriteFile({
  filename: path.join(out, 'codec-lz4-hadoop.parquet'),
  codec: 'LZ4',
  compressors: { LZ4: lz4Hadoop },
  columnData: hwColumns({ name: 'timestamp', data: col('ms').map((ms) => new Date(ms)), type: 'TIMESTAMP' }),
});
parquetWriteFile({
  filename: path.join(out, 'time-ns-utc.parquet'),
  schema: [
    { name: 'root', num_children: 6 },
    { name: 'timestamp', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' } },
    ...['open', 'high', 'low', 'close'].map((name) => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' })),
    { name: 'volume', type: 'INT64', repetition_type: 'REQUIRED' },
  ],
  columnData: hwColumns({ name: 'timestamp', data: col('ms').map((ms) => BigInt(ms) * 1000000n) }, false),
});

// What each file really holds, as DuckDB sees it (codecs, encodings per column, row groups).
const meta = await (
  await c.runAndReadAll(`SELECT file_name, path_in_schema AS col, compression, encodings, row_group_id
  FROM parquet_metadata('${f('*.parquet')}')`)
).getRowObjectsJson();
const files = {};
for (const m of meta) {
  const e = (files[path.basename(m.file_name)] ??= { codecs: [], encodings: {}, rowGroups: 0 });
  if (!e.codecs.includes(m.compression)) e.codecs.push(m.compression);
  e.encodings[m.col] = m.encodings;
  e.rowGroups = Math.max(e.rowGroups, Number(m.row_group_id) + 1);
}
process.stdout.write(JSON.stringify({ files }));
