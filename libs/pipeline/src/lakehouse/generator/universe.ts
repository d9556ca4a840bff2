/**
 * The synthetic market's symbols and factor loadings. Prices are synthetic: tickers are familiar so
 * that sample profiles read naturally, nothing else about them is real.
 */
import type { Market } from '@nx-sleeves/contracts';
export type { Market };

export interface FactorSpec {
  name: string;
  market: 'weekday' | 'daily';
  /** typical daily volatility (log returns) */
  vol: number;
}

export interface SymbolSpec {
  exchange: string;
  symbol: string;
  market: Market;
  assetClass: string;
  sector: string;
  /** annual drift of log price */
  drift: number;
  /** daily idiosyncratic volatility */
  idioVol: number;
  /** factor name → loading */
  loadings: Record<string, number>;
  startPrice: number;
  baseVolume: number;
  /** in the `small` lakehouse too */
  small?: boolean;
  /** listed only after this fraction of the period has passed (late listing) */
  listedAt?: number;
  /** bars missing from this fraction of the period on, for `length` bars (data gap) */
  gap?: { at: number; length: number };
  /** price frozen (flat OHLC, zero volume) from this fraction on, for `length` bars */
  stale?: { at: number; length: number };
}

export const FACTORS: FactorSpec[] = [
  { name: 'us_market', market: 'weekday', vol: 0.009 },
  { name: 'rates', market: 'weekday', vol: 0.0035 },
  { name: 'gold', market: 'weekday', vol: 0.008 },
  { name: 'technology', market: 'weekday', vol: 0.007 },
  { name: 'healthcare', market: 'weekday', vol: 0.005 },
  { name: 'financials', market: 'weekday', vol: 0.006 },
  { name: 'energy', market: 'weekday', vol: 0.01 },
  { name: 'consumer', market: 'weekday', vol: 0.005 },
  { name: 'industrials', market: 'weekday', vol: 0.005 },
  { name: 'utilities', market: 'weekday', vol: 0.005 },
  { name: 'real_estate', market: 'weekday', vol: 0.006 },
  { name: 'crypto_market', market: 'daily', vol: 0.03 },
  { name: 'layer1', market: 'daily', vol: 0.012 },
  { name: 'defi', market: 'daily', vol: 0.015 },
  { name: 'payments', market: 'daily', vol: 0.01 },
  { name: 'meme', market: 'daily', vol: 0.025 },
];

interface EquityRow {
  t: string; // EXCHANGE:SYMBOL
  p: number; // start price
  b?: number; // market beta (default 1)
  v?: number; // idio vol (default 0.013)
  small?: boolean;
  listedAt?: number;
  gap?: SymbolSpec['gap'];
  stale?: SymbolSpec['stale'];
}

const EQUITIES: Record<string, { drift: number; rows: EquityRow[] }> = {
  technology: {
    drift: 0.12,
    rows: [
      { t: 'NASDAQ:AAPL', p: 105, b: 1.1, small: true },
      { t: 'NASDAQ:MSFT', p: 55, b: 1.05, small: true },
      { t: 'NASDAQ:NVDA', p: 32, b: 1.5, v: 0.022, small: true },
      { t: 'NASDAQ:GOOGL', p: 750, b: 1.05 },
      { t: 'NASDAQ:META', p: 105, b: 1.2, v: 0.018 },
      { t: 'NASDAQ:ADBE', p: 95, b: 1.15 },
      { t: 'NYSE:CRM', p: 78, b: 1.2, v: 0.017 },
      { t: 'NYSE:ORCL', p: 37, b: 0.95 },
      { t: 'NASDAQ:INTC', p: 34, b: 1.0 },
      { t: 'NASDAQ:AMD', p: 3, b: 1.6, v: 0.026 },
      { t: 'NASDAQ:CSCO', p: 27, b: 0.9 },
      { t: 'NYSE:PLTR', p: 10, b: 1.7, v: 0.03, listedAt: 0.48, small: true },
      { t: 'NYSE:SNOW', p: 250, b: 1.6, v: 0.028, listedAt: 0.47 },
    ],
  },
  healthcare: {
    drift: 0.07,
    rows: [
      { t: 'NYSE:JNJ', p: 100, b: 0.6, v: 0.009, small: true },
      { t: 'NYSE:PFE', p: 32, b: 0.7, small: true },
      { t: 'NYSE:MRK', p: 52, b: 0.65 },
      { t: 'NYSE:ABBV', p: 58, b: 0.75 },
      { t: 'NYSE:LLY', p: 83, b: 0.8, v: 0.015 },
      { t: 'NYSE:UNH', p: 117, b: 0.85 },
      { t: 'NYSE:TMO', p: 140, b: 0.95 },
      { t: 'NYSE:ABT', p: 45, b: 0.8 },
    ],
  },
  financials: {
    drift: 0.08,
    rows: [
      { t: 'NYSE:JPM', p: 66, b: 1.15, small: true },
      { t: 'NYSE:BAC', p: 17, b: 1.3, v: 0.015 },
      { t: 'NYSE:WFC', p: 54, b: 1.15 },
      { t: 'NYSE:GS', p: 180, b: 1.25, small: true },
      { t: 'NYSE:MS', p: 32, b: 1.3 },
      { t: 'NYSE:C', p: 52, b: 1.35, v: 0.016 },
      { t: 'NYSE:BLK', p: 340, b: 1.1 },
      { t: 'NYSE:SCHW', p: 33, b: 1.2 },
    ],
  },
  energy: {
    drift: 0.05,
    rows: [
      { t: 'NYSE:XOM', p: 78, b: 0.9, small: true },
      { t: 'NYSE:CVX', p: 90, b: 0.95, small: true },
      { t: 'NYSE:COP', p: 46, b: 1.1, v: 0.018 },
      { t: 'NYSE:SLB', p: 70, b: 1.1, v: 0.018 },
      { t: 'NYSE:EOG', p: 70, b: 1.05, v: 0.017 },
      { t: 'NYSE:OXY', p: 68, b: 1.2, v: 0.02 },
      { t: 'NYSE:PSX', p: 81, b: 1.0 },
    ],
  },
  consumer: {
    drift: 0.09,
    rows: [
      { t: 'NASDAQ:AMZN', p: 33, b: 1.2, v: 0.017, small: true },
      { t: 'NASDAQ:TSLA', p: 15, b: 1.6, v: 0.03 },
      { t: 'NYSE:HD', p: 130, b: 0.95, small: true },
      { t: 'NYSE:MCD', p: 118, b: 0.6, v: 0.009 },
      { t: 'NYSE:NKE', p: 62, b: 0.9 },
      { t: 'NASDAQ:SBUX', p: 60, b: 0.85 },
      { t: 'NYSE:KO', p: 43, b: 0.55, v: 0.008, small: true },
      { t: 'NASDAQ:PEP', p: 100, b: 0.55, v: 0.008 },
      { t: 'NYSE:PG', p: 80, b: 0.5, v: 0.008 },
      { t: 'NYSE:WMT', p: 20, b: 0.55, v: 0.009 },
      { t: 'NASDAQ:COST', p: 160, b: 0.7 },
      { t: 'NASDAQ:ABNB', p: 140, b: 1.4, v: 0.027, listedAt: 0.5 },
      { t: 'NASDAQ:RIVN', p: 100, b: 1.8, v: 0.04, listedAt: 0.59 },
    ],
  },
  industrials: {
    drift: 0.07,
    rows: [
      { t: 'NYSE:CAT', p: 68, b: 1.1, small: true },
      { t: 'NYSE:BA', p: 145, b: 1.25, v: 0.018 },
      { t: 'NYSE:GE', p: 30, b: 1.15, v: 0.016, small: true, gap: { at: 0.55, length: 12 } },
      { t: 'NASDAQ:HON', p: 100, b: 0.95 },
      { t: 'NYSE:UPS', p: 96, b: 0.9 },
      { t: 'NYSE:LMT', p: 217, b: 0.7 },
      { t: 'NYSE:DE', p: 76, b: 1.05 },
      { t: 'NYSE:MMM', p: 150, b: 0.85 },
    ],
  },
  utilities: {
    drift: 0.05,
    rows: [
      { t: 'NYSE:NEE', p: 26, b: 0.45, v: 0.009, small: true },
      { t: 'NYSE:DUK', p: 71, b: 0.4, v: 0.008 },
      { t: 'NYSE:SO', p: 46, b: 0.4, v: 0.008 },
      { t: 'NYSE:D', p: 67, b: 0.45, v: 0.009, small: true, stale: { at: 0.8, length: 15 } },
      { t: 'NASDAQ:AEP', p: 58, b: 0.4, v: 0.008 },
    ],
  },
};

interface CryptoRow {
  s: string;
  sector: string;
  p: number;
  v: number;
  b?: number;
  small?: boolean;
  listedAt?: number;
  gap?: SymbolSpec['gap'];
}

const CRYPTO: CryptoRow[] = [
  { s: 'BTCUSDT', sector: 'payments', p: 430, v: 0.012, b: 0.9, small: true },
  { s: 'ETHUSDT', sector: 'layer1', p: 1, v: 0.02, small: true },
  { s: 'SOLUSDT', sector: 'layer1', p: 1.2, v: 0.04, b: 1.3, listedAt: 0.43, small: true },
  { s: 'BNBUSDT', sector: 'layer1', p: 4, v: 0.025 },
  { s: 'XRPUSDT', sector: 'payments', p: 0.006, v: 0.03, small: true, gap: { at: 0.62, length: 20 } },
  { s: 'ADAUSDT', sector: 'layer1', p: 0.03, v: 0.03, b: 1.1, listedAt: 0.2 },
  { s: 'DOGEUSDT', sector: 'meme', p: 0.0002, v: 0.045, b: 1.2, small: true },
  { s: 'AVAXUSDT', sector: 'layer1', p: 4, v: 0.04, b: 1.3, listedAt: 0.47 },
  { s: 'DOTUSDT', sector: 'layer1', p: 3, v: 0.035, b: 1.2, listedAt: 0.46 },
  { s: 'LINKUSDT', sector: 'defi', p: 0.2, v: 0.035, b: 1.15, listedAt: 0.18 },
  { s: 'LTCUSDT', sector: 'payments', p: 3.5, v: 0.02 },
  { s: 'MATICUSDT', sector: 'layer1', p: 0.01, v: 0.045, b: 1.25, listedAt: 0.34 },
  { s: 'UNIUSDT', sector: 'defi', p: 3, v: 0.04, b: 1.2, listedAt: 0.47 },
  { s: 'ATOMUSDT', sector: 'layer1', p: 5, v: 0.035, b: 1.1, listedAt: 0.33 },
];

interface EtfRow {
  s: string;
  assetClass: string;
  sector: string;
  p: number;
  drift: number;
  v: number;
  l: Record<string, number>;
  small?: boolean;
}

const ETFS: EtfRow[] = [
  { s: 'SPY', assetClass: 'equity', sector: 'broad_equity', p: 200, drift: 0.09, v: 0.0015, l: { us_market: 1 }, small: true },
  { s: 'QQQ', assetClass: 'equity', sector: 'broad_equity', p: 105, drift: 0.12, v: 0.003, l: { us_market: 1.1, technology: 0.5 }, small: true },
  { s: 'IWM', assetClass: 'equity', sector: 'broad_equity', p: 100, drift: 0.07, v: 0.006, l: { us_market: 1.15 } },
  { s: 'EFA', assetClass: 'equity', sector: 'intl_equity', p: 58, drift: 0.05, v: 0.008, l: { us_market: 0.8 } },
  { s: 'EEM', assetClass: 'equity', sector: 'intl_equity', p: 32, drift: 0.04, v: 0.011, l: { us_market: 0.85 } },
  { s: 'XLK', assetClass: 'equity', sector: 'technology', p: 42, drift: 0.12, v: 0.002, l: { us_market: 1.05, technology: 0.9 } },
  { s: 'XLE', assetClass: 'equity', sector: 'energy', p: 60, drift: 0.05, v: 0.003, l: { us_market: 0.95, energy: 0.95 } },
  { s: 'XLF', assetClass: 'equity', sector: 'financials', p: 23, drift: 0.08, v: 0.002, l: { us_market: 1.15, financials: 0.95 } },
  { s: 'VNQ', assetClass: 'real_estate', sector: 'real_estate', p: 80, drift: 0.05, v: 0.003, l: { us_market: 0.8, real_estate: 1, rates: 0.8 } },
  { s: 'TLT', assetClass: 'bond', sector: 'government_bond', p: 120, drift: 0.015, v: 0.001, l: { rates: 2.2, us_market: -0.15 }, small: true },
  { s: 'IEF', assetClass: 'bond', sector: 'government_bond', p: 105, drift: 0.015, v: 0.0006, l: { rates: 1.0, us_market: -0.06 }, small: true },
  { s: 'SHY', assetClass: 'bond', sector: 'government_bond', p: 84, drift: 0.012, v: 0.0003, l: { rates: 0.22 } },
  { s: 'AGG', assetClass: 'bond', sector: 'aggregate_bond', p: 108, drift: 0.02, v: 0.0008, l: { rates: 0.85, us_market: 0.03 } },
  { s: 'LQD', assetClass: 'bond', sector: 'corporate_bond', p: 113, drift: 0.025, v: 0.0015, l: { rates: 1.1, us_market: 0.12 } },
  { s: 'HYG', assetClass: 'bond', sector: 'corporate_bond', p: 80, drift: 0.035, v: 0.002, l: { rates: 0.35, us_market: 0.3 } },
  { s: 'GLD', assetClass: 'commodity', sector: 'precious_metals', p: 102, drift: 0.05, v: 0.002, l: { gold: 1 }, small: true },
  { s: 'SLV', assetClass: 'commodity', sector: 'precious_metals', p: 13.5, drift: 0.04, v: 0.011, l: { gold: 1.3 } },
];

function volumeFor(price: number, scale: number): number {
  return Math.round(scale / Math.max(price, 1));
}

/** The full synthetic universe, in a fixed order. */
export function universe(): SymbolSpec[] {
  const out: SymbolSpec[] = [];
  for (const [sector, { drift, rows }] of Object.entries(EQUITIES)) {
    for (const r of rows) {
      const [exchange, symbol] = r.t.split(':');
      out.push({
        exchange,
        symbol,
        market: 'us_equity',
        assetClass: 'equity',
        sector,
        drift,
        idioVol: r.v ?? 0.013,
        loadings: { us_market: r.b ?? 1, [sector]: 1 },
        startPrice: r.p,
        baseVolume: volumeFor(r.p, 2e9),
        small: r.small,
        listedAt: r.listedAt,
        gap: r.gap,
        stale: r.stale,
      });
    }
  }
  for (const r of CRYPTO) {
    out.push({
      exchange: 'BINANCE',
      symbol: r.s,
      market: 'crypto',
      assetClass: 'crypto',
      sector: r.sector,
      drift: 0.3,
      idioVol: r.v,
      loadings: { crypto_market: r.b ?? 1, [r.sector]: 1 },
      startPrice: r.p,
      baseVolume: volumeFor(r.p, 5e8),
      small: r.small,
      listedAt: r.listedAt,
      gap: r.gap,
    });
  }
  for (const r of ETFS) {
    out.push({
      exchange: 'AMEX',
      symbol: r.s,
      market: 'etf',
      assetClass: r.assetClass,
      sector: r.sector,
      drift: r.drift,
      idioVol: r.v,
      loadings: r.l,
      startPrice: r.p,
      baseVolume: volumeFor(r.p, 3e9),
      small: r.small,
    });
  }
  return out;
}
