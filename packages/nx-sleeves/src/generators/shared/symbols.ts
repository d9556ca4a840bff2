/** Lakehouse ids are `<EXCHANGE>_<SYMBOL>` (file `<id>_1d.parquet`); TradingView style `EXCHANGE:SYMBOL` is accepted. */
export const SYMBOL_ID_PATTERN = /^[A-Za-z0-9]+_[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `NASDAQ:AAPL` → `NASDAQ_AAPL`; returns undefined when the result is not a valid id. */
export function toSymbolId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().replace(':', '_');
  return SYMBOL_ID_PATTERN.test(id) ? id : undefined;
}
