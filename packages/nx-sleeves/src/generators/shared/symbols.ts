import { isSymbolId } from '@nx-sleeves/contracts';

/** Lakehouse ids are `<EXCHANGE>_<SYMBOL>` (contracts' SYMBOL_ID_PATTERN); TradingView style `EXCHANGE:SYMBOL` is accepted. */

/** `NASDAQ:AAPL` → `NASDAQ_AAPL`; returns undefined when the result is not a valid id. */
export function toSymbolId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().replace(':', '_');
  return isSymbolId(id) ? id : undefined;
}
