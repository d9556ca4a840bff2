import { DAY_MS, dayToMs, msToDay } from '../dates';
import type { Bars, SymbolInfo } from '../types';
import { createRng, type Rng } from './prng';
import { FACTORS, universe, type SymbolSpec } from './universe';

export interface MarketOptions {
  seed: number;
  years: number;
  /** last bar date (YYYY-MM-DD); fixed so that output never depends on "today" */
  endDate: string;
  scale: 'full' | 'small';
}

/** GARCH(1,1) persistence: alpha + beta = 0.98 gives long volatility clusters. */
const GARCH_ALPHA = 0.08;
const GARCH_BETA = 0.9;
/** Student-t degrees of freedom of the shocks: fat tails (df 5: excess kurtosis 6; df 4: unbounded). */
const FACTOR_DF = 5;
const IDIO_DF = 4;

/** GARCH(1,1) innovations with unit-variance Student-t shocks, long-run daily vol `vol`. */
export function garchSeries(rng: Rng, n: number, vol: number, df: number): Float64Array {
  const out = new Float64Array(n);
  const longVar = vol * vol;
  const omega = longVar * (1 - GARCH_ALPHA - GARCH_BETA);
  let h = longVar;
  for (let t = 0; t < n; t++) {
    const e = Math.sqrt(h) * rng.studentT(df);
    out[t] = e;
    h = omega + GARCH_ALPHA * e * e + GARCH_BETA * h;
  }
  return out;
}

/** All days of the period (the `years` years ending on `endDate`), and its weekdays. */
export function calendars(endDate: string, years: number): { daily: string[]; weekday: string[] } {
  const endMs = dayToMs(endDate);
  if (Number.isNaN(endMs)) throw new Error(`endDate: expected YYYY-MM-DD, got ${JSON.stringify(endDate)}`);
  const end = new Date(endMs);
  const startMs = Date.UTC(end.getUTCFullYear() - years, end.getUTCMonth(), end.getUTCDate()) + DAY_MS;
  const daily: string[] = [];
  const weekdays: string[] = [];
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
    const day = msToDay(ms);
    daily.push(day);
    const wd = (Math.floor(ms / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday (4)
    if (wd !== 0 && wd !== 6) weekdays.push(day);
  }
  return { daily, weekday: weekdays };
}

export function symbolsFor(scale: 'full' | 'small'): SymbolSpec[] {
  const all = universe();
  return scale === 'small' ? all.filter((s) => s.small) : all;
}

/** What every symbol of one generated market shares: options, calendars and factor series. */
export interface MarketContext {
  opts: MarketOptions;
  calendar: { daily: string[]; weekday: string[] };
  factors: Map<string, Float64Array>;
}

/** The market's calendars and shared factor series (pure). */
export function simulateMarket(opts: MarketOptions): MarketContext {
  const calendar = calendars(opts.endDate, opts.years);
  const factors = new Map<string, Float64Array>();
  for (const f of FACTORS) {
    const n = f.market === 'daily' ? calendar.daily.length : calendar.weekday.length;
    factors.set(f.name, garchSeries(createRng(opts.seed, `factor:${f.name}`), n, f.vol, FACTOR_DF));
  }
  return { opts, calendar, factors };
}

/** Exact powers of ten (every 10^k up to 10^22 is a double), for rounding without Math.log10/pow,
 * whose last bit may differ between engines. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Rounds a positive price to 8 significant digits with IEEE-exact operations only (deterministic on
 * every platform), so prices look like quotes. */
export function q(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  let e = 0; // 10^e <= x < 10^(e+1)
  if (x >= 1) while (e < 22 && x >= POW10[e + 1]) e++;
  else while (e > -22 && x < 1 / POW10[-e]) e--;
  const k = 7 - e;
  if (k >= 0) return k > 22 ? x : Math.round(x * POW10[k]) / POW10[k];
  return Math.round(x / POW10[-k]) * POW10[-k];
}

/** One symbol's bars, pure: same options and factors → same numbers. */
export function simulateSymbol(spec: SymbolSpec, market: MarketContext): { bars: Bars; info: SymbolInfo } {
  const { opts, factors, calendar: cal } = market;
  const id = `${spec.exchange}_${spec.symbol}`;
  const daily = spec.market === 'crypto';
  const days = daily ? cal.daily : cal.weekday;
  const n = days.length;
  const perYear = daily ? 365 : 252;
  const loads = Object.entries(spec.loadings).map(([name, w]) => {
    const f = factors.get(name);
    if (!f || f.length !== n) throw new Error(`generator: ${id}: factor ${name} is not on the ${daily ? 'daily' : 'weekday'} calendar`);
    return [f, w] as const;
  });
  const idio = garchSeries(createRng(opts.seed, `idio:${id}`), n, spec.idioVol, IDIO_DF);
  const rng = createRng(opts.seed, `ohlc:${id}`);
  let typicalVar = spec.idioVol ** 2;
  for (const [name, w] of Object.entries(spec.loadings)) {
    const f = FACTORS.find((x) => x.name === name)!;
    typicalVar += (w * f.vol) ** 2;
  }
  const sigma = Math.sqrt(typicalVar);

  const first = spec.listedAt ? Math.floor(spec.listedAt * n) : 0;
  const staleFrom = spec.stale ? Math.floor(spec.stale.at * n) : -1;
  const staleTo = spec.stale ? staleFrom + spec.stale.length : -1;
  const gapFrom = spec.gap ? Math.floor(spec.gap.at * n) : -1;
  const gapTo = spec.gap ? gapFrom + spec.gap.length : -1;

  const dates: string[] = [];
  const o: number[] = [],
    h: number[] = [],
    l: number[] = [],
    c: number[] = [],
    v: number[] = [];
  let prev = spec.startPrice;
  for (let t = first; t < n; t++) {
    const stale = t >= staleFrom && t < staleTo;
    let r = 0;
    if (!stale && t > first) {
      r = spec.drift / perYear + idio[t];
      for (const [f, w] of loads) r += w * f[t];
    }
    const close = prev * Math.exp(r);
    // Draw OHLC noise every day so the stream does not depend on gaps or stale spans.
    const u = rng.next(),
      n1 = rng.normal(),
      n2 = rng.normal(),
      n3 = rng.normal(),
      n4 = rng.normal();
    if (t < gapFrom || t >= gapTo) {
      dates.push(days[t]);
      if (stale) {
        o.push(q(prev));
        h.push(q(prev));
        l.push(q(prev));
        c.push(q(prev));
        v.push(0);
      } else {
        const open = prev * Math.exp(0.5 * u * r + 0.15 * sigma * n1);
        const hi = Math.max(open, close) * Math.exp(0.4 * sigma * Math.abs(n2));
        const lo = Math.min(open, close) * Math.exp(-0.4 * sigma * Math.abs(n3));
        o.push(q(open));
        h.push(q(hi));
        l.push(q(lo));
        c.push(q(close));
        v.push(Math.round(spec.baseVolume * Math.exp(0.3 * n4) * (1 + Math.abs(r) / sigma)));
      }
    }
    prev = close;
  }
  const bars: Bars = {
    id,
    dates,
    open: Float64Array.from(o),
    high: Float64Array.from(h),
    low: Float64Array.from(l),
    close: Float64Array.from(c),
    volume: Float64Array.from(v),
  };
  const info: SymbolInfo = {
    id,
    exchange: spec.exchange,
    symbol: spec.symbol,
    market: spec.market,
    assetClass: spec.assetClass,
    sector: spec.sector,
    file: `${id}_1d.parquet`,
    firstDate: dates[0],
    lastDate: dates[dates.length - 1],
    rows: dates.length,
  };
  return { bars, info };
}
