import { toList, type Json } from './checks';
import { describe } from './json-path';
import { KNOWN, mapMarket } from './names';

/** What the import knows about the lakehouse the sleeves will read (catalog.json, or the built-in market's list). */
export interface LakehouseSymbol {
  id: string;
  market?: string;
  exchange?: string;
  assetClass?: string;
}

export interface UniverseChoice {
  market?: string | string[];
  assetClasses?: string[];
  exchanges?: string[];
  /** where the market came from, said per profile in the import's report */
  notes: string[];
  unmapped: string[];
}

const MARKET_FIELDS = ['market', 'markets', 'enabled_markets'] as const;
const EXCHANGES = ['binance', 'bybit', 'okx', 'bitget', 'coinbase', 'kraken', 'kucoin'];

/** `discovery.market` / `markets` / `enabled_markets` names of one level (profile or defaults), with their field. */
function marketNames(level: Json): { field: string; value: string }[] {
  const d = (level.discovery ?? {}) as Json;
  return MARKET_FIELDS.flatMap((f) => toList(d[f]).map((value) => ({ field: `discovery.${f}`, value })));
}

/** Every scanner path of a profile: `discovery.scanners` and `discovery.strategies.<name>.scanners`. */
export function scannerPaths(merged: Json): string[] {
  const d = (merged.discovery ?? {}) as Json;
  const out = toList(d.scanners);
  const strategies = d.strategies;
  if (strategies && typeof strategies === 'object' && !Array.isArray(strategies)) {
    for (const s of Object.values(strategies as Json)) {
      if (s && typeof s === 'object') out.push(...toList((s as Json).scanners));
    }
  }
  return [...new Set(out)];
}

/** The market a scanner path points at: `scanners/crypto/...` → crypto; etf, bond, commodity → etf; `tradfi` → us_equity. */
export function scannerMarket(path: string): string | undefined {
  const p = path.toLowerCase();
  if (/(^|[/_])crypto([/_]|$)/.test(p)) return 'crypto';
  if (/etf|bond|commodit/.test(p)) return 'etf';
  if (/(^|\/)tradfi\//.test(p)) return 'us_equity';
  return undefined;
}

/** The asset class a scanner path names, if any: crypto, bond, commodity. */
export function scannerAssetClass(path: string): string | undefined {
  const p = path.toLowerCase();
  if (/(^|[/_])crypto([/_]|$)/.test(p)) return 'crypto';
  if (/bond/.test(p)) return 'bond';
  if (/commodit/.test(p)) return 'commodity';
  return undefined;
}

/** `binance_spot_long_trend` (a profile or scanner name) → `BINANCE`. */
export function exchangeHint(name: string): string | undefined {
  const base = name.toLowerCase().split('/').pop() ?? '';
  const m = new RegExp(`^(${EXCHANGES.join('|')})_`).exec(base);
  return m ? m[1].toUpperCase() : undefined;
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const one = (xs: string[]) => (xs.length === 1 ? xs[0] : xs);

/**
 * `universe.market` (one market or a list), and from scanner paths and names `universe.assetClasses` and
 * `universe.exchanges`. Market order of precedence: the profile's own names, the defaults', the scanner paths, then
 * the whole lakehouse; each profile's report says which applied. Hints only narrow a universe when every scanner
 * agrees, and never to something the lakehouse does not hold.
 */
export function chooseUniverse(profile: string, own: Json, defaults: Json, merged: Json, symbols?: LakehouseSymbol[]): UniverseChoice {
  const notes: string[] = [];
  const unmapped: string[] = [];
  const lakeMarkets = symbols ? uniq(symbols.map((s) => s.market).filter((m): m is string => !!m)).sort() : [...KNOWN.markets];
  const known = (m: string) => lakeMarkets.includes(m);

  const fromLevel = (level: Json): string[] => {
    const out: string[] = [];
    for (const { field, value } of marketNames(level)) {
      const m = mapMarket(value);
      if (!m) unmapped.push(`${field}=${describe(value)}: no such market here (${KNOWN.markets.join(', ')})`);
      else if (!known(m)) unmapped.push(`${field}=${describe(value)}: market ${m} is not in the lakehouse (${lakeMarkets.join(', ')})`);
      else out.push(m);
    }
    return uniq(out);
  };

  const scanners = scannerPaths(merged);
  let markets = fromLevel(own);
  if (markets.length === 0 && marketNames(defaults).length > 0) {
    markets = fromLevel(defaults);
    if (markets.length) notes.push(`universe.market ${markets.join(', ')}: from the manifest defaults`);
  }
  if (markets.length === 0 && scanners.length > 0 && scanners.every((s) => scannerMarket(s))) {
    markets = uniq(scanners.map((s) => scannerMarket(s)!)).filter(known);
    if (markets.length) notes.push(`universe.market ${markets.join(', ')}: from its scanner paths`);
  }
  if (markets.length === 0 && exchangeHint(profile) && known('crypto')) {
    markets = ['crypto'];
    notes.push(`universe.market crypto: from its name (${exchangeHint(profile)} is a crypto exchange)`);
  }
  const hasSymbols = ((merged.discovery ?? {}) as Json).symbols !== undefined;
  if (markets.length === 0 && hasSymbols) return { notes, unmapped }; // explicit symbols need no market
  if (markets.length === 0) {
    markets = lakeMarkets;
    notes.push(`universe.market ${markets.join(', ')}: no market in the profile or the defaults, the whole lakehouse`);
  }

  const choice: UniverseChoice = { market: one(markets), notes, unmapped };
  const classesIn = (ms: string[]) =>
    symbols
      ? uniq(
          symbols
            .filter((s) => s.market && ms.includes(s.market))
            .map((s) => s.assetClass)
            .filter((c): c is string => !!c),
        )
      : undefined;

  // asset classes: only when every scanner names one, and each exists in the chosen markets
  const classes = scanners.map(scannerAssetClass);
  if (scanners.length > 0 && classes.every(Boolean)) {
    const wanted = uniq(classes as string[]).sort();
    const available = classesIn(markets);
    const ok = wanted.filter((c) => !available || available.includes(c));
    const everyMarketCovered = markets.every((m) => !symbols || symbols.some((s) => s.market === m && ok.includes(s.assetClass ?? '')));
    if (ok.length && !(ok.length === 1 && ok[0] === 'crypto' && markets.every((m) => m === 'crypto'))) {
      choice.assetClasses = ok;
      notes.push(`universe.assetClasses ${ok.join(', ')}: from its scanner paths${everyMarketCovered ? '' : ' (markets without them contribute nothing)'}`);
    }
  }

  // exchanges: a crypto-only universe whose name or every scanner names one exchange (binance_spot_* → BINANCE)
  const ownExchanges = ((merged.discovery ?? {}) as Json).exchanges;
  if (ownExchanges === undefined && markets.length === 1 && markets[0] === 'crypto') {
    const fromScanners = scanners.length > 0 && scanners.every((x) => exchangeHint(x)) ? uniq(scanners.map((x) => exchangeHint(x)!)).sort() : undefined;
    const fromName = exchangeHint(profile);
    if (fromScanners || fromName) {
      choice.exchanges = fromScanners ?? [fromName!];
      notes.push(`universe.exchanges ${choice.exchanges.join(', ')}: from its ${fromScanners ? 'scanner names' : 'name'}`);
    }
  }
  return choice;
}
