/**
 * A team's shared drive: only `<EXCHANGE>_<SYMBOL>_1d.parquet` files (no catalog.json), written by DuckDB in the shapes
 * pandas, polars and Spark leave behind. Usage: node team-lakehouse.mjs <outDir>.
 * - NYSE_AAA, NYSE_BBB: polars-like (`date` DATE, lowercase, zstd), weekdays 2021-01-04 .. 2022-12-30.
 * - NASDAQ_CCC: pandas/yfinance-like (`Date` TIMESTAMP_NS, Title Case, "Adj Close", snappy), same weekdays, a 2:1
 *   split on 2022-01-03: the raw Close halves there, the Adj Close (split-adjusted) does not.
 * - BINANCE_DDD: Spark-like (`timestamp` TIMESTAMP(us, UTC), gzip), every day, unsorted rows.
 * Prices are smooth deterministic waves (no randomness): close_i = base * exp(0.002 i + 0.03 sin(i / k)).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as path from 'node:path';

const out = process.argv[2];
const c = await (await DuckDBInstance.create(':memory:')).connect();
const f = (name) => path.join(out, name).replaceAll("'", "''");
const series = (base, k, weekdaysOnly) => `SELECT d, i, ${base} * exp(0.002 * i + 0.03 * sin(i / ${k})) AS c FROM (
  SELECT d, (row_number() OVER (ORDER BY d) - 1)::DOUBLE AS i FROM (SELECT DATE '2021-01-04' + n::INT AS d FROM range(727) t(n))
  ${weekdaysOnly ? 'WHERE dayofweek(d) BETWEEN 1 AND 5' : ''})`;
const ohlcv = (close) => `${close} * 0.995 AS open, ${close} * 1.01 AS high, ${close} * 0.98 AS low, ${close} AS close, (1000000 + i)::BIGINT AS volume`;
await c.run(`COPY (SELECT d AS date, ${ohlcv('c')} FROM (${series(50, 7, true)})) TO '${f('NYSE_AAA_1d.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
await c.run(`COPY (SELECT d AS date, ${ohlcv('c')} FROM (${series(80, 11, true)})) TO '${f('NYSE_BBB_1d.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
await c.run(`COPY (SELECT d::TIMESTAMP_NS AS Date, raw * 0.995 AS Open, raw * 1.01 AS High, raw * 0.98 AS Low, raw AS Close, c AS "Adj Close", (1000000 + i)::BIGINT AS Volume
  FROM (SELECT *, CASE WHEN d >= DATE '2022-01-03' THEN c ELSE c * 2 END AS raw FROM (${series(120, 5, true)})))
  TO '${f('NASDAQ_CCC_1d.parquet')}' (FORMAT parquet, COMPRESSION snappy, KV_METADATA { pandas: '{"index_columns": ["Date"], "columns": []}' })`);
await c.run(`COPY (SELECT d::TIMESTAMPTZ AS timestamp, ${ohlcv('c')} FROM (${series(30000, 13, false)}) ORDER BY (i * 7919) % 727)
  TO '${f('BINANCE_DDD_1d.parquet')}' (FORMAT parquet, COMPRESSION gzip)`);
