import * as path from 'node:path';
import { readBarsFile } from './bars-parquet';
import { listSymbols, validateSymbolId } from './catalog';
import { applyPriceField } from './price-field';
import type { Bars, PriceField, SymbolInfo } from './types';

function fileOf(lakehouseDir: string, id: string, symbols: SymbolInfo[]): string {
  validateSymbolId(id);
  const info = symbols.find((s) => s.id === id);
  if (!info) {
    throw new Error(`lakehouse ${lakehouseDir}: unknown symbol "${id}" (no catalog entry and no ${id}_1d.parquet)`);
  }
  return path.join(lakehouseDir, info.file);
}

/** Reads one symbol's daily bars. */
export async function readBars(lakehouseDir: string, id: string): Promise<Bars> {
  return readBarsFile(fileOf(lakehouseDir, id, listSymbols(lakehouseDir)), id);
}

/** Reads several symbols (the map keeps the order of `ids`). */
export async function readMany(lakehouseDir: string, ids: string[]): Promise<Map<string, Bars>> {
  const symbols = listSymbols(lakehouseDir);
  const out = new Map<string, Bars>();
  for (const id of ids) out.set(id, await readBarsFile(fileOf(lakehouseDir, id, symbols), id));
  return out;
}

/**
 * Reads several symbols for returns: each `close` is the price field chosen by `applyPriceField` (the adjusted
 * close when a file has one, unless `priceField` says "close"); `priceField` on each result records which.
 */
export async function readPrices(lakehouseDir: string, ids: string[], priceField?: PriceField): Promise<Map<string, Bars>> {
  const symbols = listSymbols(lakehouseDir);
  const out = new Map<string, Bars>();
  for (const id of ids) {
    const file = fileOf(lakehouseDir, id, symbols);
    out.set(id, applyPriceField(await readBarsFile(file, id), file, priceField));
  }
  return out;
}
