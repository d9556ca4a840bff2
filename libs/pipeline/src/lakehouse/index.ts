/** The lakehouse: one Parquet file of daily OHLCV bars per symbol, plus catalog.json. */
export type { Bars, SymbolInfo, Catalog, PriceField } from './types';
export { listSymbols, readCatalog, writeCatalog, validateSymbolId, barFileName, inferSymbol, CATALOG_FILE, BAR_FILE_SUFFIX } from './catalog';
export { readBars, readMany, readPrices } from './read';
export { applyPriceField, priceFieldSummary } from './price-field';
export { resolveBarColumns, normalizeColumnName, COLUMN_ALIASES } from './columns';
export { readBarsFile, writeBarsParquet, encodeBarsParquet } from './bars-parquet';
export { fingerprint, fingerprintEntries, fingerprintOf, defaultCacheFile, type FingerprintEntry } from './fingerprint';
export { DEFAULT_SEED, DEFAULT_END_DATE } from './generator/defaults';
export type { GenerateOptions } from './generator/generate';
export { generateLakehouse, importCsv, parseBarsCsv } from './lazy';
export { dayToMs, msToDay, addDays } from './dates';
