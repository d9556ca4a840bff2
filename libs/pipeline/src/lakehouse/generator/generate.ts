import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeBarsParquet } from '../bars-parquet';
import { writeFileAtomicSync } from '../atomic-write';
import { BAR_FILE_SUFFIX, writeCatalog } from '../catalog';
import type { SymbolInfo } from '../types';
import { DEFAULT_END_DATE, DEFAULT_SEED } from './defaults';
import { simulateMarket, simulateSymbol, symbolsFor, type MarketOptions } from './simulate';

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  /** default 10 (full) or 3 (small) */
  years?: number;
  /** `small`: 27 symbols covering every market, late listing, gap and stale case (for tests) */
  scale?: 'full' | 'small';
  /** default 2025-12-31 */
  endDate?: string;
}

export { DEFAULT_SEED, DEFAULT_END_DATE };

export function resolveGenerateOptions(o: GenerateOptions): MarketOptions {
  const scale = o.scale ?? 'full';
  if (scale !== 'full' && scale !== 'small') throw new Error(`generator: scale: expected "full" or "small", got ${JSON.stringify(scale)}`);
  const seed = o.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`generator: seed: expected a non-negative integer, got ${JSON.stringify(seed)}`);
  const years = o.years ?? (scale === 'small' ? 3 : 10);
  if (!Number.isInteger(years) || years < 1 || years > 50) throw new Error(`generator: years: expected an integer 1..50, got ${JSON.stringify(years)}`);
  return { seed, years, scale, endDate: o.endDate ?? DEFAULT_END_DATE };
}

/** Writes the synthetic lakehouse: one Parquet file per symbol plus catalog.json, byte-identical for
 * the same options wherever it runs. Parquet files of earlier runs that are not part of this one are removed. */
export async function generateLakehouse(o: GenerateOptions): Promise<{ symbols: number; files: number }> {
  const opts = resolveGenerateOptions(o);
  fs.mkdirSync(o.outDir, { recursive: true });
  const market = simulateMarket(opts);
  const infos: SymbolInfo[] = [];
  for (const spec of symbolsFor(opts.scale)) {
    const { bars, info } = simulateSymbol(spec, market);
    writeFileAtomicSync(path.join(o.outDir, info.file), encodeBarsParquet(bars));
    infos.push(info);
  }
  const keep = new Set(infos.map((i) => i.file));
  for (const name of fs.readdirSync(o.outDir)) {
    if (name.endsWith(BAR_FILE_SUFFIX) && !keep.has(name)) fs.rmSync(path.join(o.outDir, name), { force: true });
  }
  writeCatalog(o.outDir, {
    version: 1,
    source: { generator: 'nx-sleeves market-data', seed: opts.seed, years: opts.years, scale: opts.scale, endDate: opts.endDate },
    symbols: infos,
  });
  return { symbols: infos.length, files: infos.length + 1 };
}
