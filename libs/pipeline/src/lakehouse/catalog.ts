import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicSync } from './atomic-write';
import { CATALOG_FILE, SYMBOL_ID_PATTERN as SYMBOL_ID } from '@nx-sleeves/contracts';
import type { Catalog, SymbolInfo } from './types';

/** `<EXCHANGE>_<SYMBOL>` (SYMBOL_ID: @nx-sleeves/contracts' SYMBOL_ID_PATTERN). */
export { CATALOG_FILE, SYMBOL_ID };
export const BAR_FILE_SUFFIX = '_1d.parquet';

/** Throws a one-line error unless `id` is a well-formed `<EXCHANGE>_<SYMBOL>` (checked before it touches a path). */
export function validateSymbolId(id: string, where = 'symbol'): string {
  if (typeof id !== 'string' || !SYMBOL_ID.test(id) || id.includes('..')) {
    throw new Error(`${where}: expected an id like EXCHANGE_SYMBOL (letters, digits, . - _), got ${JSON.stringify(id)}`);
  }
  return id;
}

export function barFileName(id: string): string {
  return `${validateSymbolId(id)}${BAR_FILE_SUFFIX}`;
}

/** Symbol info inferred from a `<EXCHANGE>_<SYMBOL>_1d.parquet` file name, or undefined for other files. */
export function inferSymbol(file: string): SymbolInfo | undefined {
  if (!file.endsWith(BAR_FILE_SUFFIX)) return undefined;
  const m = SYMBOL_ID.exec(file.slice(0, -BAR_FILE_SUFFIX.length));
  if (!m) return undefined;
  return { id: m[0], exchange: m[1], symbol: m[2], market: 'unknown', assetClass: 'unknown', file, inferred: true };
}

/** Reads and checks `catalog.json`; undefined when the directory has none. */
export function readCatalog(lakehouseDir: string): Catalog | undefined {
  const file = path.join(lakehouseDir, CATALOG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  const symbols = (json as Catalog | null)?.symbols;
  if (!Array.isArray(symbols)) throw new Error(`${file}: symbols: expected an array`);
  symbols.forEach((s, i) => {
    const where = `${file}: symbols[${i}]`;
    if (!s || typeof s !== 'object') throw new Error(`${where}: expected an object, got ${JSON.stringify(s)}`);
    validateSymbolId(s.id, `${where}.id`);
    for (const k of ['exchange', 'symbol', 'market', 'assetClass'] as const) {
      if (typeof s[k] !== 'string' || !s[k]) throw new Error(`${where}.${k}: expected a non-empty string, got ${JSON.stringify(s[k])}`);
    }
    const f = s.file ?? `${s.id}${BAR_FILE_SUFFIX}`;
    if (typeof f !== 'string' || path.isAbsolute(f) || f.split(/[\\/]/).some((p) => p === '..' || p === '')) {
      throw new Error(`${where}.file: expected a relative path inside the lakehouse, got ${JSON.stringify(s.file)}`);
    }
    s.file = f;
  });
  return json as Catalog;
}

/** Symbols of a lakehouse, sorted by id: catalog entries first-class, plus any `*_1d.parquet` file the
 * catalog does not mention (market/assetClass `unknown`). */
export function listSymbols(lakehouseDir: string): SymbolInfo[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(lakehouseDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `lakehouse ${lakehouseDir}: directory does not exist (generate it with: npx nx run market-data:lakehouse)`
        : `lakehouse ${lakehouseDir}: cannot list (${code ?? (err as Error).message})`,
      { cause: err },
    );
  }
  const byId = new Map<string, SymbolInfo>();
  for (const s of readCatalog(lakehouseDir)?.symbols ?? []) byId.set(s.id, s);
  for (const name of entries) {
    const s = inferSymbol(name);
    if (s && !byId.has(s.id)) byId.set(s.id, s);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Writes `catalog.json` deterministically: symbols sorted by id, keys in a fixed order. */
export function writeCatalog(lakehouseDir: string, catalog: Catalog): void {
  const symbols = [...catalog.symbols]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => {
      const o: Record<string, unknown> = { id: s.id, exchange: s.exchange, symbol: s.symbol, market: s.market, assetClass: s.assetClass };
      if (s.sector !== undefined) o.sector = s.sector;
      o.file = s.file;
      if (s.firstDate !== undefined) o.firstDate = s.firstDate;
      if (s.lastDate !== undefined) o.lastDate = s.lastDate;
      if (s.rows !== undefined) o.rows = s.rows;
      return o;
    });
  const out: Record<string, unknown> = { version: 1 };
  if (catalog.source) out.source = sortKeys(catalog.source);
  out.symbols = symbols;
  writeFileAtomicSync(path.join(lakehouseDir, CATALOG_FILE), JSON.stringify(out, null, 2) + '\n');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
