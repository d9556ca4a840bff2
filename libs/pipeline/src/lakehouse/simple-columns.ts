/**
 * A fast path for the common shape of a bars column: a flat REQUIRED column of one row group, data pages (v1 or
 * v2) without a dictionary, PLAIN doubles or PLAIN / DELTA_BINARY_PACKED integers (what `encodeBarsParquet`
 * writes). It decodes straight into a Float64Array with plain Number arithmetic instead of hyparquet's general
 * reader (BigInt delta decoding, one Date object per timestamp, boxed arrays), which was most of a sleeve's
 * read time. Any other shape, or an integer outside ±2^53, returns undefined and the caller uses hyparquet's
 * general reader: the values are the same either way (tested against DuckDB-, pyarrow-style and our files).
 */
import type { Compressors, ParquetCore, ParquetMetadata } from './parquet-lib';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Physical types this fast path decodes. */
type SimpleType = 'DOUBLE' | 'INT64' | 'INT32';

/**
 * The physical values of the top-level column `name` as numbers (INT64 exactly, when within ±2^53), or
 * undefined when the column is not of the simple shape. `rows` is the file's row count; the column must have
 * exactly that many values. Logical types (TIMESTAMP, DATE, DECIMAL...) are the caller's business.
 */
export function readSimpleColumn(
  core: ParquetCore,
  buf: ArrayBuffer,
  metadata: ParquetMetadata,
  name: string,
  rows: number,
  compressors?: Compressors,
): Float64Array | undefined {
  const groups = metadata.row_groups ?? [];
  if (groups.length !== 1 || !LITTLE_ENDIAN) return undefined;
  const element = metadata.schema.find((e, i) => i > 0 && e.name === name);
  const type = element?.type;
  if (!element || element.repetition_type !== 'REQUIRED' || element.num_children || (type !== 'DOUBLE' && type !== 'INT64' && type !== 'INT32'))
    return undefined;
  const col = { name, type: type as SimpleType };
  const chunk = groups[0].columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name)?.meta_data;
  if (!chunk || chunk.dictionary_page_offset !== undefined || chunk.type !== col.type) return undefined;
  const start = Number(chunk.data_page_offset);
  const end = start + Number(chunk.total_compressed_size);
  if (!(start >= 0 && end <= buf.byteLength)) return undefined;
  const out = new Float64Array(rows);
  const reader = { view: new DataView(buf, 0, end), offset: start };
  let filled = 0;
  while (filled < rows && reader.offset < end) {
    const header = core.parquetHeader(reader);
    const bodyStart = reader.offset;
    reader.offset += header.compressed_page_size;
    if (reader.offset > end) return undefined;
    let page: Uint8Array;
    let count: number;
    let encoding: string;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const h = header.data_page_header;
      count = h.num_values;
      encoding = h.encoding;
      page = core.decompressPage(new Uint8Array(buf, bodyStart, header.compressed_page_size), header.uncompressed_page_size, chunk.codec, compressors);
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const h = header.data_page_header_v2;
      if (h.num_nulls || h.definition_levels_byte_length || h.repetition_levels_byte_length) return undefined;
      count = h.num_values;
      encoding = h.encoding;
      const body = new Uint8Array(buf, bodyStart, header.compressed_page_size);
      page =
        h.is_compressed !== false && header.uncompressed_page_size ? core.decompressPage(body, header.uncompressed_page_size, chunk.codec, compressors) : body;
    } else {
      return undefined; // dictionary or index page
    }
    if (count > rows - filled) return undefined;
    const ok =
      encoding === 'PLAIN'
        ? readPlain(page, col.type, count, out, filled)
        : encoding === 'DELTA_BINARY_PACKED' && col.type !== 'DOUBLE'
          ? deltaUnpack(page, count, col.type, out, filled)
          : false;
    if (!ok) return undefined;
    filled += count;
  }
  return filled === rows ? out : undefined;
}

function readPlain(page: Uint8Array, type: SimpleType, count: number, out: Float64Array, at: number): boolean {
  const width = type === 'INT32' ? 4 : 8;
  if (page.byteLength !== count * width) return false; // anything else (levels, padding) is not the simple shape
  if (type === 'DOUBLE') {
    // copy the bytes (the page may not be 8-byte aligned inside the file buffer)
    new Uint8Array(out.buffer, out.byteOffset + at * 8, count * 8).set(page.subarray(0, count * 8));
    return true;
  }
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  for (let i = 0; i < count; i++) {
    if (type === 'INT32') out[at + i] = view.getInt32(i * 4, true);
    else {
      // exact while within ±2^53 (hi · 2^32 is exact; a larger sum rounds to beyond the bound)
      const v = view.getInt32(i * 8 + 4, true) * 4294967296 + view.getUint32(i * 8, true);
      if (v > MAX_SAFE || v < -MAX_SAFE) return false;
      out[at + i] = v;
    }
  }
  return true;
}

/**
 * `k` values of one miniblock (bit width `w`, LSB first from bit `bit`) added to `value` as deltas over `minDelta`,
 * into out[at..]; returns the last value, or NaN when a delta or value leaves ±limit (a function of its own, called
 * once per miniblock: V8 optimises it after a few calls).
 */
function unpackMiniblock(
  page: Uint8Array,
  bit: number,
  w: number,
  k: number,
  minDelta: number,
  value: number,
  limit: number,
  out: Float64Array,
  at: number,
): number {
  for (let j = 0; j < k; j++) {
    let r = 0;
    for (let got = 0; got < w;) {
      const off = bit & 7;
      const take = Math.min(8 - off, w - got);
      const bits = (page[bit >> 3] >>> off) & ((1 << take) - 1);
      // up to 30 bits in small-integer arithmetic (no heap numbers in cold code), beyond by multiplying
      r = got + take <= 30 ? r | (bits << got) : r + bits * POW2[got];
      got += take;
      bit += take;
    }
    const delta = minDelta + r;
    if (delta > MAX_SAFE || delta < -MAX_SAFE) return NaN;
    value += delta;
    if (value > limit || value < -limit) return NaN;
    out[at + j] = value;
  }
  return value;
}

/** One ULEB128 varint as a Number; NaN when it does not fit in 53 bits. */
function varint(page: Uint8Array, pos: { at: number }): number {
  let v = 0;
  let shift = 0;
  for (;;) {
    if (pos.at >= page.length || shift > 49) return NaN;
    const b = page[pos.at++];
    v += (b & 0x7f) * POW2[shift];
    if ((b & 0x80) === 0) return v <= MAX_SAFE ? v : NaN;
    shift += 7;
  }
}

const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

/**
 * DELTA_BINARY_PACKED (Parquet spec) in Number arithmetic: exact while every value, delta and residual stays
 * within ±2^53, where the format's two's-complement wrap-around cannot happen; returns false otherwise.
 */
function deltaUnpack(page: Uint8Array, count: number, type: SimpleType, out: Float64Array, at: number): boolean {
  const pos = { at: 0 };
  const blockSize = varint(page, pos);
  const miniblocks = varint(page, pos);
  const total = varint(page, pos);
  let value = unzigzag(varint(page, pos));
  if (!(blockSize > 0 && miniblocks > 0 && blockSize % miniblocks === 0 && (blockSize / miniblocks) % 8 === 0 && total === count && Number.isFinite(value)))
    return false;
  const perMiniblock = blockSize / miniblocks;
  const limit = type === 'INT32' ? 2147483647 : MAX_SAFE;
  if (count === 0) return true;
  out[at] = value;
  let n = 1;
  while (n < count) {
    const minDelta = unzigzag(varint(page, pos));
    if (!Number.isFinite(minDelta) || pos.at + miniblocks > page.length) return false;
    const widths = pos.at;
    pos.at += miniblocks;
    for (let m = 0; m < miniblocks && n < count; m++) {
      const w = page[widths + m];
      if (w > 52) return false;
      const bodyEnd = pos.at + (perMiniblock * w) / 8;
      // the last miniblock may be cut short after the values it holds
      if (pos.at + Math.ceil((Math.min(perMiniblock, count - n) * w) / 8) > page.length) return false;
      const k = Math.min(perMiniblock, count - n);
      value = unpackMiniblock(page, pos.at * 8, w, k, minDelta, value, limit, out, at + n);
      if (Number.isNaN(value)) return false;
      n += k;
      pos.at = bodyEnd;
    }
  }
  return true;
}
