import * as path from 'node:path';
import { readBarsFile } from './bars-parquet';
import { listSymbols, validateSymbolId } from './catalog';
import type { Bars, SymbolInfo } from './types';

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
