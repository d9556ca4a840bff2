/**
 * hyparquet and hyparquet-writer are ESM-only. Compiled CommonJS can `require` them on Node >= 20.19
 * (require(esm)); Jest's CJS registry cannot, so they are loaded lazily: importing the lakehouse
 * module never fails, only calling a Parquet function does (unit tests that need Parquet spawn
 * `node` on the compiled dist/, see *.int.spec.ts).
 */

export interface ParquetSchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: { type: string; [k: string]: unknown };
  repetition_type?: string;
  num_children?: number;
}
export interface ParquetMetadata {
  num_rows: bigint;
  schema: ParquetSchemaElement[];
  row_groups: { columns: { meta_data?: { codec: string; path_in_schema: string[] } }[] }[];
  key_value_metadata?: { key: string; value?: string }[];
}
/** Decompressors by Parquet codec name (hyparquet-compressors). */
export type Compressors = Record<string, (input: Uint8Array, outputLength: number) => Uint8Array>;
export interface ColumnChunk {
  columnName: string;
  columnData: ArrayLike<unknown>;
  rowStart: number;
  rowEnd: number;
}
interface Hyparquet {
  parquetMetadata(buf: ArrayBuffer): ParquetMetadata;
  parquetRead(opts: {
    file: ArrayBuffer;
    metadata?: ParquetMetadata;
    columns?: string[];
    compressors?: Compressors;
    onChunk?: (c: ColumnChunk) => void;
  }): Promise<void>;
}
interface HyparquetWriter {
  parquetWriteBuffer(opts: {
    columnData: { name: string; data: ArrayLike<unknown>; encoding?: string }[];
    schema?: ParquetSchemaElement[];
    codec?: string;
    statistics?: boolean;
    rowGroupSize?: number;
    createdBy?: string;
    kvMetadata?: { key: string; value: string }[];
  }): ArrayBuffer;
}

let reader: Hyparquet | undefined;
let writer: HyparquetWriter | undefined;
let codecs: Compressors | undefined;

function load<T>(name: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- ESM-only packages, loaded lazily at run time (require(esm))
    return require(name) as T;
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new Error(`cannot load ${name} (ESM-only; needs Node >= 20.19 outside Jest): ${msg}`, { cause: err });
  }
}

export function hyparquet(): Hyparquet {
  return (reader ??= load<Hyparquet>('hyparquet'));
}
export function hyparquetWriter(): HyparquetWriter {
  return (writer ??= load<HyparquetWriter>('hyparquet-writer'));
}
/** GZIP, BROTLI, ZSTD, LZ4 (Hadoop framing) and LZ4_RAW; hyparquet itself reads only SNAPPY and UNCOMPRESSED. Loaded
 * only for files that need it, so reading the built-in (Snappy) lakehouse does not pay for it. */
export function compressors(): Compressors {
  return (codecs ??= load<{ compressors: Compressors }>('hyparquet-compressors').compressors);
}
