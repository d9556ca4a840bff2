/**
 * A lakehouse symbol id `<EXCHANGE>_<SYMBOL>` (its bar file is `<id>_1d.parquet`): letters/digits first, no path
 * separators. Groups: 1 the exchange, 2 the symbol. An id containing `..` is refused on top of the pattern.
 */
export const SYMBOL_ID_PATTERN = /^([A-Za-z0-9][A-Za-z0-9.-]*)_([A-Za-z0-9][A-Za-z0-9._-]*)$/;

export function isSymbolId(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_ID_PATTERN.test(value) && !value.includes('..');
}
