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
  row_groups: { columns: { meta_data?: ColumnChunkMeta }[] }[];
  key_value_metadata?: { key: string; value?: string }[];
}
export interface ColumnChunkMeta {
  type: string;
  codec: string;
  path_in_schema: string[];
  data_page_offset: bigint;
  dictionary_page_offset?: bigint;
  total_compressed_size: bigint;
}
/** A page header as hyparquet's `parquetHeader` reads it (the fields the simple-column reader uses). */
export interface ParquetPageHeader {
  type: string;
  uncompressed_page_size: number;
  compressed_page_size: number;
  data_page_header?: { num_values: number; encoding: string };
  data_page_header_v2?: {
    num_values: number;
    num_nulls: number;
    encoding: string;
    definition_levels_byte_length: number;
    repetition_levels_byte_length: number;
    is_compressed?: boolean;
  };
}
/** The few hyparquet modules the reader's fast path needs (loading them costs a third of the whole package). */
export interface ParquetCore {
  parquetMetadata(buf: ArrayBuffer): ParquetMetadata;
  parquetHeader(reader: { view: DataView; offset: number }): ParquetPageHeader;
  decompressPage(bytes: Uint8Array, uncompressedSize: number, codec: string, compressors?: Compressors): Uint8Array;
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
let core: ParquetCore | undefined;
let writer: HyparquetWriter | undefined;
let codecs: Compressors | undefined;

/**
 * Each `require` names its module literally so the one-file build (tools/build/bundle.js) can carry the ES modules
 * it bundles; inside a function, each is still evaluated only on first use, in the bundle too.
 */
function load<T>(name: string, get: () => unknown): T {
  try {
    return get() as T;
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new Error(`cannot load ${name} (ESM-only; needs Node >= 20.19 outside Jest): ${msg}`, { cause: err });
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- ESM-only packages, loaded lazily at run time (require(esm)) */
export function hyparquet(): Hyparquet {
  return (reader ??= load<Hyparquet>('hyparquet', () => require('hyparquet')));
}
export function parquetCore(): ParquetCore {
  return (core ??= {
    parquetMetadata: load<Pick<ParquetCore, 'parquetMetadata'>>('hyparquet/src/metadata.js', () => require('hyparquet/src/metadata.js')).parquetMetadata,
    parquetHeader: load<Pick<ParquetCore, 'parquetHeader'>>('hyparquet/src/column.js', () => require('hyparquet/src/column.js')).parquetHeader,
    decompressPage: load<Pick<ParquetCore, 'decompressPage'>>('hyparquet/src/datapage.js', () => require('hyparquet/src/datapage.js')).decompressPage,
  });
}
export function hyparquetWriter(): HyparquetWriter {
  return (writer ??= load<HyparquetWriter>('hyparquet-writer', () => require('hyparquet-writer')));
}
/** GZIP, BROTLI, ZSTD, LZ4 (Hadoop framing) and LZ4_RAW; hyparquet itself reads only SNAPPY and UNCOMPRESSED. Loaded
 * only for files that need it, so reading the built-in (Snappy) lakehouse does not pay for it. */
export function compressors(): Compressors {
  return (codecs ??= load<{ compressors: Compressors }>('hyparquet-compressors', () => require('hyparquet-compressors')).compressors);
}
/* eslint-enable @typescript-eslint/no-require-imports */
