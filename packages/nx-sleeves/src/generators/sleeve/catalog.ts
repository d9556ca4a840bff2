import type { Tree } from '@nx/devkit';
import { CATALOG_FILE } from '@nx-sleeves/contracts';

export interface CatalogEntry {
  id: string;
  market?: string;
}
export interface Catalog {
  source: string;
  get(id: string): CatalogEntry | undefined;
}

/**
 * `<lakehouse>/catalog.json` (written by `tools/market-data`), when the workspace has one: `{ symbols: [{ id,
 * market }] }` (a bare array is accepted too); anything unreadable counts as "no catalog" (the run reports it).
 */
export function readCatalog(tree: Tree, lakehouse: string): Catalog | undefined {
  const file = `${lakehouse}/${CATALOG_FILE}`;
  if (!tree.exists(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(tree.read(file, 'utf-8') ?? '');
  } catch {
    return undefined;
  }
  const list = Array.isArray(json) ? json : (json as { symbols?: unknown })?.symbols;
  if (!Array.isArray(list)) return undefined;
  const byId = new Map<string, CatalogEntry>();
  for (const e of list) {
    if (e && typeof e === 'object' && typeof (e as CatalogEntry).id === 'string') {
      byId.set((e as CatalogEntry).id, { id: (e as CatalogEntry).id, market: (e as CatalogEntry).market });
    }
  }
  return { source: file, get: (id) => byId.get(id) };
}
