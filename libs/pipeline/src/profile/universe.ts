import type { SymbolInfo } from '../lakehouse/types';
import { profileError } from './errors';
import { profileSource } from './load-profile';
import type { SleeveProfile } from './types';

/**
 * The sleeve's symbols, sorted by id: `universe.symbols` (each must exist) or every symbol of
 * `universe.market`; then the `market`, `sectors`, `exchanges`, `assetClasses` filters (all that are
 * given), and `limit` (first N by id). `minHistoryDays` is not a filter here: it is checked point in time
 * at each rebalance (bars dated on or before the decision date; stages/health.ts), so a symbol's later
 * history never decides whether it was selectable earlier.
 * Unknown symbols, unknown filter values and an empty result are ProfileErrors.
 */
export function resolveUniverse(profile: SleeveProfile, symbols: SymbolInfo[]): SymbolInfo[] {
  const file = profileSource(profile) ?? `profile ${profile.name}`;
  const u = profile.universe;
  const byId = new Map(symbols.map((s) => [s.id, s]));
  let picked: SymbolInfo[];
  if (u.symbols) {
    const unknown = u.symbols.filter((id) => !byId.has(id));
    if (unknown.length) {
      throw profileError(
        file,
        'universe.symbols',
        `unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => JSON.stringify(s)).join(', ')} (not in the lakehouse, e.g. ${
          symbols
            .slice(0, 3)
            .map((s) => s.id)
            .join(', ') || 'none'
        })`,
      );
    }
    picked = u.symbols.map((id) => byId.get(id)!);
  } else {
    picked = symbols;
  }

  const filters: string[] = [];
  const filterBy = (
    field: 'market' | 'sectors' | 'exchanges' | 'assetClasses',
    key: 'market' | 'sector' | 'exchange' | 'assetClass',
    wanted: string[] | undefined,
  ) => {
    if (!wanted) return;
    const known = [...new Set(symbols.map((s) => s[key]).filter((v): v is string => typeof v === 'string'))].sort();
    const unknown = wanted.filter((w) => !known.includes(w));
    if (unknown.length && key !== 'exchange' && symbols.length > 0 && symbols.every((s) => s.inferred)) {
      throw profileError(
        file,
        `universe.${field}`,
        `cannot filter by ${key} ${unknown.map((s) => JSON.stringify(s)).join(', ')}: the lakehouse has no catalog.json, so the ${key} of its ${symbols.length} symbols (named from their files) is unknown; ` +
          `expected universe.symbols${key === 'market' ? ' (or market "unknown" for all of them)' : ''}, or a catalog.json in the lakehouse`,
      );
    }
    if (unknown.length) {
      throw profileError(file, `universe.${field}`, `unknown ${key} ${unknown.map((s) => JSON.stringify(s)).join(', ')} (expected one of ${known.join(', ')})`);
    }
    filters.push(`${field}=${wanted.join(',')}`);
    picked = picked.filter((s) => s[key] !== undefined && wanted.includes(s[key]!));
  };
  filterBy('market', 'market', u.market === undefined ? undefined : typeof u.market === 'string' ? [u.market] : u.market);
  filterBy('sectors', 'sector', u.sectors);
  filterBy('exchanges', 'exchange', u.exchanges);
  filterBy('assetClasses', 'assetClass', u.assetClasses);
  picked = [...picked].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (picked.length === 0) {
    throw profileError(file, 'universe', `no symbol left after the filters (${filters.join('; ') || 'none'})`);
  }
  if (u.limit !== undefined) picked = picked.slice(0, u.limit);
  return picked;
}

/** Windows longer than the data: the walk-forward needs trainWindow + testWindow days, and the data
 * must reach data.minDaysFloor. `availableDays` is the length of the returns history used. */
export function checkWindows(profile: SleeveProfile, availableDays: number): void {
  const file = profileSource(profile) ?? `profile ${profile.name}`;
  const { trainWindow, testWindow } = profile.backtest;
  if (availableDays < profile.data.minDaysFloor) {
    throw profileError(file, 'data.minDaysFloor', `expected at most the ${availableDays} days of data available, got ${profile.data.minDaysFloor}`);
  }
  if (trainWindow + testWindow > availableDays) {
    throw profileError(
      file,
      'backtest.trainWindow',
      `expected trainWindow + testWindow <= the ${availableDays} days of data available, got ${trainWindow} + ${testWindow} = ${trainWindow + testWindow}`,
    );
  }
}
