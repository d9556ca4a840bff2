import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicSync } from './atomic-write';
import { type BarColumns, resolveBarColumns, pandasIndexColumns, pandasTimezone } from './columns';
import { dayToMs } from './dates';
import { daysFromMs, show, toDays, type DayColumnType } from './day-values';
import {
  type Compressors,
  compressors,
  hyparquet,
  hyparquetWriter,
  parquetCore,
  type ParquetCore,
  type ParquetMetadata,
  type ParquetSchemaElement,
} from './parquet-lib';
import { readSimpleColumn } from './simple-columns';
import type { Bars } from './types';

const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
type PriceColumn = (typeof PRICE_COLUMNS)[number];
/** Codecs hyparquet reads on its own; any other needs hyparquet-compressors. */
const BUILT_IN_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);
const SUPPORTED_CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW'];

/**
 * Reads one daily-bars Parquet file as written by this project, pandas/pyarrow, polars, DuckDB or Spark: any of
 * the codecs above, any number of row groups, plain or dictionary encoding; the column-name rules are in
 * columns.ts, the date rules in day-values.ts. Rows are sorted by date; a duplicate date is an error. An adjusted
 * close column, when present, is returned as `adjClose`. Errors are one line naming the file and column.
 */
export async function readBarsFile(file: string, id: string): Promise<Bars> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${file}: cannot read lakehouse file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  // a file's Buffer normally owns its whole ArrayBuffer (only small reads come from the shared pool): no copy then
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buf = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  const core = parquetCore();
  let metadata: ParquetMetadata;
  try {
    metadata = core.parquetMetadata(buf);
  } catch (err) {
    throw new Error(`${file}: not a readable Parquet file (${(err as Error).message})`, { cause: err });
  }
  const schema = metadata.schema.slice(1);
  const names = schema.map((e) => e.name);
  const pandasJson = metadata.key_value_metadata?.find((kv) => kv.key === 'pandas')?.value;
  const cols = resolveBarColumns(file, names, pandasIndexColumns(pandasJson));
  const wanted = [cols.date, ...PRICE_COLUMNS.map((c) => cols[c]), ...(cols.adjClose ? [cols.adjClose] : [])];
  const codecs = codecsOf(metadata, wanted);
  const unsupported = [...codecs.entries()].find(([codec]) => !SUPPORTED_CODECS.includes(codec));
  if (unsupported) {
    throw new Error(`${file}: column "${unsupported[1]}" is compressed with ${unsupported[0]}; expected one of ${SUPPORTED_CODECS.join(', ')}`);
  }
  const needsCompressors = [...codecs.keys()].some((c) => !BUILT_IN_CODECS.has(c));
  const rows = Number(metadata.num_rows);
  const dateElement = schema.find((e) => e.name === cols.date)!;
  const dateType: DayColumnType = {
    type: dateElement.type,
    logical: dateElement.logical_type as DayColumnType['logical'],
    converted: dateElement.converted_type,
    timezone: pandasTimezone(pandasJson, cols.date),
  };

  const fast = readSimple(core, buf, metadata, schema, cols, wanted, rows, needsCompressors ? compressors() : undefined, file);
  let dates: string[];
  let numberOf: (column: string) => Float64Array;
  if (fast) {
    dates = daysFromMs(fast.dateMs, file, cols.date, dateType);
    numberOf = (c) => fast.numbers.get(c)!;
  } else {
    const raw = await readGeneral(buf, metadata, wanted, rows, needsCompressors, file);
    dates = toDays(raw.get(cols.date)!, file, cols.date, dateType);
    numberOf = (c) => toNumbers(raw.get(c)!, file, c);
  }
  const numeric = {} as Record<PriceColumn, Float64Array>;
  for (const c of PRICE_COLUMNS) numeric[c] = numberOf(cols[c]);
  const bars: Bars = { id, dates, ...numeric };
  if (cols.adjClose) bars.adjClose = numberOf(cols.adjClose);
  return sortByDate(bars, file);
}

/** hyparquet's general reader: every codec, encoding, page layout and type; values as hyparquet decodes them. */
async function readGeneral(buf: ArrayBuffer, metadata: ParquetMetadata, wanted: string[], rows: number, needsCompressors: boolean, file: string) {
  const raw = new Map<string, unknown[]>();
  for (const n of wanted) raw.set(n, new Array(rows));
  try {
    await hyparquet().parquetRead({
      file: buf,
      metadata,
      columns: [...raw.keys()],
      ...(needsCompressors ? { compressors: compressors() } : {}),
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = raw.get(columnName);
        if (!target) return;
        for (let i = 0; i < columnData.length && rowStart + i < rows; i++) target[rowStart + i] = columnData[i];
      },
    });
  } catch (err) {
    throw new Error(`${file}: cannot decode Parquet data (${(err as Error).message})`, { cause: err });
  }
  return raw;
}

/**
 * The fast path (simple-columns.ts) when every wanted column has its simple shape: a date column of
 * TIMESTAMP(MILLIS) or DATE, price columns of plain DOUBLE / INT64 / INT32 (no logical type). The date column
 * comes back as epoch milliseconds, as hyparquet's default parsers would give them (without the Date objects).
 */
function readSimple(
  core: ParquetCore,
  buf: ArrayBuffer,
  metadata: ParquetMetadata,
  schema: ParquetSchemaElement[],
  cols: BarColumns,
  wanted: string[],
  rows: number,
  codecs: Compressors | undefined,
  file: string,
): { dateMs: Float64Array; numbers: Map<string, Float64Array> } | undefined {
  const element = (n: string) => schema.find((e) => e.name === n)!;
  const d = element(cols.date);
  const ltype = d.logical_type as DayColumnType['logical'];
  const millis =
    d.type === 'INT64' && (d.converted_type === 'TIMESTAMP_MILLIS' || (!d.converted_type && ltype?.type === 'TIMESTAMP' && ltype.unit === 'MILLIS'));
  const days = d.type === 'INT32' && d.converted_type === 'DATE';
  if (!(millis || days)) return undefined;
  const numbers = new Map<string, Float64Array>();
  for (const n of wanted) {
    const e = element(n);
    if (n !== cols.date && (e.converted_type || e.logical_type)) return undefined;
    let values: Float64Array | undefined;
    try {
      values = readSimpleColumn(core, buf, metadata, n, rows, codecs);
    } catch (err) {
      throw new Error(`${file}: cannot decode Parquet data (${(err as Error).message})`, { cause: err });
    }
    if (!values) return undefined;
    numbers.set(n, values);
  }
  const dateMs = numbers.get(cols.date)!;
  if (days) for (let i = 0; i < dateMs.length; i++) dateMs[i] *= 86_400_000;
  return { dateMs, numbers };
}

/** Codec → first wanted column using it (from the column chunks of every row group). */
function codecsOf(metadata: ParquetMetadata, wanted: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const rg of metadata.row_groups ?? []) {
    for (const c of rg.columns) {
      const md = c.meta_data;
      if (md && wanted.includes(md.path_in_schema[0]) && !out.has(md.codec)) out.set(md.codec, md.path_in_schema[0]);
    }
  }
  return out;
}

/** Numbers from DOUBLE, FLOAT, INT32, INT64 (BigInt) or DECIMAL columns; a null is NaN (the health audit sees it). */
function toNumbers(src: unknown[], file: string, column: string): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'bigint') out[i] = Number(v);
    else if (v === null || v === undefined) out[i] = NaN;
    else throw new Error(`${file}: column "${column}" row ${i}: expected a number, got ${show(v)}`);
  }
  return out;
}

/** Writes bars as Parquet with deterministic bytes (no wall-clock or host data), temp name + rename.
 * The day column is `timestamp`: INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true) at 00:00 UTC, which
 * pandas/pyarrow read as `datetime64[ms, UTC]`; or, with `dateColumn: 'date'`, a Parquet DATE. */
export async function writeBarsParquet(file: string, bars: Bars, opts: { dateColumn?: 'timestamp' | 'date' } = {}): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, encodeBarsParquet(bars, opts));
}

/** The bytes of a bars Parquet file (pure apart from the encoder). */
export function encodeBarsParquet(bars: Bars, opts: { dateColumn?: 'timestamp' | 'date' } = {}): Uint8Array {
  const n = bars.dates.length;
  for (const c of PRICE_COLUMNS) {
    if (bars[c].length !== n) throw new Error(`bars ${bars.id}: column "${c}" has ${bars[c].length} values, expected ${n} (one per date)`);
  }
  const dateColumn = opts.dateColumn ?? 'timestamp';
  const dayValues = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const ms = dayToMs(bars.dates[i]);
    if (Number.isNaN(ms)) throw new Error(`bars ${bars.id}: dates[${i}]: expected YYYY-MM-DD, got ${show(bars.dates[i])}`);
    dayValues[i] = dateColumn === 'date' ? ms / 86_400_000 : ms;
  }
  const dayElement: ParquetSchemaElement =
    dateColumn === 'date'
      ? { name: 'date', type: 'INT32', repetition_type: 'REQUIRED', converted_type: 'DATE', logical_type: { type: 'DATE' } }
      : {
          name: 'timestamp',
          type: 'INT64',
          repetition_type: 'REQUIRED',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        };
  const schema: ParquetSchemaElement[] = [
    { name: 'root', num_children: 1 + PRICE_COLUMNS.length },
    dayElement,
    ...PRICE_COLUMNS.map((name) => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' })),
  ];
  const buf = hyparquetWriter().parquetWriteBuffer({
    schema,
    // DELTA_BINARY_PACKED days and PLAIN doubles (both readable by pyarrow, DuckDB, Spark): about half
    // the encode time of the dictionary attempts of the defaults, and smaller files.
    columnData: [
      { name: dateColumn, data: dayValues, encoding: 'DELTA_BINARY_PACKED' },
      ...PRICE_COLUMNS.map((name) => ({ name, data: bars[name], encoding: 'PLAIN' })),
    ],
    rowGroupSize: Math.max(1, n),
    createdBy: 'nx-sleeves lakehouse',
  });
  return new Uint8Array(buf);
}

function sortByDate(bars: Bars, file: string): Bars {
  const n = bars.dates.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (bars.dates[i] === bars.dates[i - 1]) throw new Error(`${file}: duplicate date ${bars.dates[i]} (rows ${i - 1} and ${i})`);
    if (bars.dates[i] < bars.dates[i - 1]) sorted = false;
  }
  if (sorted) return bars;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (bars.dates[a] < bars.dates[b] ? -1 : 1));
  for (let i = 1; i < n; i++) {
    const [a, b] = [order[i - 1], order[i]];
    if (bars.dates[a] === bars.dates[b]) throw new Error(`${file}: duplicate date ${bars.dates[b]} (rows ${Math.min(a, b)} and ${Math.max(a, b)})`);
  }
  const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i]);
  const out: Bars = {
    id: bars.id,
    dates: order.map((i) => bars.dates[i]),
    open: pick(bars.open),
    high: pick(bars.high),
    low: pick(bars.low),
    close: pick(bars.close),
    volume: pick(bars.volume),
  };
  if (bars.adjClose) out.adjClose = pick(bars.adjClose);
  return out;
}
