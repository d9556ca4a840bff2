/** Daily OHLCV bars of one symbol, column-oriented, sorted by date ascending. */
export interface Bars {
  id: string;
  /** YYYY-MM-DD, UTC days, strictly increasing. */
  dates: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Split- and dividend-adjusted close, when the file has one (`adj_close`, `Adj Close`...). */
  adjClose?: Float64Array;
  /** Set by `applyPriceField`: the field `close` now holds (returns are computed from `close`). */
  priceField?: PriceField;
}

/** `adj_close`: split- and dividend-adjusted close; `close`: the traded close. */
export type PriceField = 'adj_close' | 'close';

/** One symbol of the lakehouse, as listed by `catalog.json` (or inferred from its file name). */
export interface SymbolInfo {
  /** `<EXCHANGE>_<SYMBOL>`, e.g. `NASDAQ_AAPL`. */
  id: string;
  exchange: string;
  symbol: string;
  /** e.g. `us_equity`, `crypto`, `etf`; `unknown` when there is no catalog entry. */
  market: string;
  /** e.g. `equity`, `crypto`, `bond`, `commodity`, `real_estate`; `unknown` without catalog. */
  assetClass: string;
  sector?: string;
  /** File name relative to the lakehouse directory, e.g. `NASDAQ_AAPL_1d.parquet`. */
  file: string;
  /** First and last bar date and bar count, when the catalog records them. */
  firstDate?: string;
  lastDate?: string;
  rows?: number;
  /** True when the symbol comes from its file name only (no catalog entry): market, asset class and sector unknown. */
  inferred?: true;
}

/** `catalog.json` at the root of a lakehouse directory. */
export interface Catalog {
  version: 1;
  /** Free-form, deterministic description of how the data was made (generator seed, end date...). */
  source?: Record<string, unknown>;
  symbols: SymbolInfo[];
}
