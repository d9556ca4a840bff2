import type { SymbolInfo } from '../lakehouse/types';
import { ProfileError } from './errors';
import type { SleeveProfile } from './types';
import { checkWindows, resolveUniverse } from './universe';

const sym = (id: string, market: string, sector: string, assetClass = 'equity', rows?: number): SymbolInfo => {
  const [exchange, symbol] = id.split('_');
  return { id, exchange, symbol, market, assetClass, sector, file: `${id}_1d.parquet`, rows };
};
const LAKE: SymbolInfo[] = [
  sym('NYSE_XOM', 'us_equity', 'energy', 'equity', 2500),
  sym('NASDAQ_AAPL', 'us_equity', 'technology', 'equity', 2500),
  sym('NYSE_PLTR', 'us_equity', 'technology', 'equity', 300),
  sym('BINANCE_BTCUSDT', 'crypto', 'payments', 'crypto', 3600),
  sym('AMEX_TLT', 'etf', 'government_bond', 'bond', 2500),
  sym('AMEX_SPY', 'etf', 'broad_equity', 'equity', 2500),
];
const profile = (universe: SleeveProfile['universe']): SleeveProfile => ({
  name: 'p',
  universe,
  data: { lookbackDays: 500, minDaysFloor: 100, strictHealth: false, maxGapDays: 5, maxStaleDays: 5 },
  selection: { topN: 5, threshold: 0, mode: 'momentum', direction: 'long' },
  risk: { engine: 'hrp', maxWeight: 0.3, clusterCap: 0.5 },
  backtest: { trainWindow: 200, testWindow: 20, stepSize: 20, costBps: 5, slippageBps: 0, executionLag: 0 },
});
const ids = (u: SleeveProfile['universe']) => resolveUniverse(profile(u), LAKE).map((s) => s.id);

describe('resolveUniverse', () => {
  it('takes a list of markets as their union', () => {
    expect(ids({ market: ['etf', 'crypto'] }).every((id) => LAKE.find((s) => s.id === id)!.market !== 'us_equity')).toBe(true);
    expect(ids({ market: ['etf'] })).toEqual(ids({ market: 'etf' }));
  });

  it('takes explicit symbols, sorted by id', () => {
    expect(ids({ symbols: ['NYSE_XOM', 'AMEX_TLT'] })).toEqual(['AMEX_TLT', 'NYSE_XOM']);
  });
  it('takes a market with sector, exchange and asset-class filters, history and limit', () => {
    expect(ids({ market: 'us_equity' })).toEqual(['NASDAQ_AAPL', 'NYSE_PLTR', 'NYSE_XOM']);
    expect(ids({ market: 'us_equity', sectors: ['technology'] })).toEqual(['NASDAQ_AAPL', 'NYSE_PLTR']);
    expect(ids({ market: 'us_equity', exchanges: ['NYSE'] })).toEqual(['NYSE_PLTR', 'NYSE_XOM']);
    expect(ids({ market: 'etf', assetClasses: ['bond'] })).toEqual(['AMEX_TLT']);
    // minHistoryDays is checked point in time at each rebalance, not against the catalog's bar count (which
    // counts bars after the rebalance too): a late listing stays in the universe
    expect(ids({ market: 'us_equity', minHistoryDays: 1000 })).toEqual(['NASDAQ_AAPL', 'NYSE_PLTR', 'NYSE_XOM']);
    expect(ids({ market: 'us_equity', limit: 2 })).toEqual(['NASDAQ_AAPL', 'NYSE_PLTR']);
    expect(ids({ symbols: ['NYSE_XOM', 'AMEX_SPY'], market: 'etf' })).toEqual(['AMEX_SPY']);
  });
  it('never drops a symbol for minHistoryDays, with or without a catalog bar count', () => {
    const lake = [{ ...LAKE[0], rows: undefined }];
    expect(resolveUniverse(profile({ symbols: ['NYSE_XOM'], minHistoryDays: 5000 }), lake).map((s) => s.id)).toEqual(['NYSE_XOM']);
    expect(ids({ market: 'us_equity', minHistoryDays: 9999 })).toEqual(['NASDAQ_AAPL', 'NYSE_PLTR', 'NYSE_XOM']);
  });
  it.each([
    [
      { symbols: ['NYSE_XOM', 'NYSE_NOPE', 'X_Y'] },
      'profile p: universe.symbols: unknown symbols "NYSE_NOPE", "X_Y" (not in the lakehouse, e.g. NYSE_XOM, NASDAQ_AAPL, NYSE_PLTR)',
    ],
    [{ market: 'forex' }, 'profile p: universe.market: unknown market "forex" (expected one of crypto, etf, us_equity)'],
    [
      { market: 'us_equity', sectors: ['tech'] },
      'profile p: universe.sectors: unknown sector "tech" (expected one of broad_equity, energy, government_bond, payments, technology)',
    ],
    [{ market: 'crypto', sectors: ['energy'] }, 'profile p: universe: no symbol left after the filters (market=crypto; sectors=energy)'],
  ])('rejects %j', (u, message) => {
    expect(() => ids(u)).toThrow(ProfileError);
    expect(() => ids(u)).toThrow(message);
  });
});

describe('checkWindows', () => {
  it('accepts windows that fit the data', () => {
    expect(() => checkWindows(profile({ market: 'etf' }), 220)).not.toThrow();
  });
  it('rejects windows longer than the data and too little data', () => {
    expect(() => checkWindows(profile({ market: 'etf' }), 219)).toThrow(
      'profile p: backtest.trainWindow: expected trainWindow + testWindow <= the 219 days of data available, got 200 + 20 = 220',
    );
    expect(() => checkWindows(profile({ market: 'etf' }), 99)).toThrow('profile p: data.minDaysFloor: expected at most the 99 days of data available, got 100');
  });

  it('on a lakehouse without catalog.json: explicit symbols and exchanges work, market/sector filters fail clearly', () => {
    const bare = ['NASDAQ_AAPL', 'NYSE_XOM', 'BINANCE_BTCUSDT'].map((id): SymbolInfo => {
      const [exchange, symbol] = id.split('_');
      return { id, exchange, symbol, market: 'unknown', assetClass: 'unknown', file: `${id}_1d.parquet`, inferred: true };
    });
    const pick = (u: SleeveProfile['universe']) => resolveUniverse(profile(u), bare).map((s) => s.id);
    expect(pick({ symbols: ['NYSE_XOM', 'NASDAQ_AAPL'] })).toEqual(['NASDAQ_AAPL', 'NYSE_XOM']);
    expect(pick({ market: 'unknown', exchanges: ['NASDAQ', 'NYSE'] })).toEqual(['NASDAQ_AAPL', 'NYSE_XOM']);
    expect(() => pick({ market: 'us_equity' })).toThrow(
      'profile p: universe.market: cannot filter by market "us_equity": the lakehouse has no catalog.json, so the market of its 3 symbols (named from their files) is unknown; expected universe.symbols (or market "unknown" for all of them), or a catalog.json in the lakehouse',
    );
    expect(() => pick({ symbols: ['NYSE_XOM'], sectors: ['energy'] })).toThrow(
      'universe.sectors: cannot filter by sector "energy": the lakehouse has no catalog.json',
    );
  });
});
