import type { Bars } from '../types';
import { resolveGenerateOptions } from './generate';
import { createRng } from './prng';
import { calendars, q, simulateMarket, simulateSymbol, symbolsFor } from './simulate';

const opts = resolveGenerateOptions({ outDir: 'unused', scale: 'small', seed: 7 });
const market = simulateMarket(opts);
const all = symbolsFor('small').map((s) => simulateSymbol(s, market));
const bars = new Map(all.map((x) => [x.info.id, x.bars]));
const info = new Map(all.map((x) => [x.info.id, x.info]));

const logReturns = (b: Bars): number[] => {
  const r: number[] = [];
  for (let i = 1; i < b.close.length; i++) r.push(Math.log(b.close[i] / b.close[i - 1]));
  return r;
};
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
function kurtosis(x: number[]): number {
  const m = mean(x);
  let m2 = 0,
    m4 = 0;
  for (const v of x) {
    m2 += (v - m) ** 2;
    m4 += (v - m) ** 4;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m4 / (m2 * m2);
}
function autocorr1(x: number[]): number {
  const m = mean(x);
  let num = 0,
    den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
  }
  return num / den;
}
function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const x = a.slice(-n),
    y = b.slice(-n);
  const mx = mean(x),
    my = mean(y);
  let c = 0,
    vx = 0,
    vy = 0;
  for (let i = 0; i < n; i++) {
    c += (x[i] - mx) * (y[i] - my);
    vx += (x[i] - mx) ** 2;
    vy += (y[i] - my) ** 2;
  }
  return c / Math.sqrt(vx * vy);
}
const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('synthetic market (small scale, seed 7)', () => {
  it('covers three markets, sectors and 20+ symbols, ending on the fixed end date', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(new Set(all.map((x) => x.info.market))).toEqual(new Set(['us_equity', 'crypto', 'etf']));
    expect(new Set(all.filter((x) => x.info.market === 'us_equity').map((x) => x.info.sector)).size).toBeGreaterThanOrEqual(5);
    for (const x of all) expect(x.info.lastDate).toBe('2025-12-31');
    expect(info.get('NASDAQ_AAPL')!.firstDate).toBe('2023-01-02'); // 3 years, weekdays only
  });

  it('full scale has at least 80 symbols over 10 years', () => {
    const full = symbolsFor('full');
    expect(full.length).toBeGreaterThanOrEqual(80);
    expect(new Set(full.map((s) => `${s.exchange}_${s.symbol}`)).size).toBe(full.length);
    const cal = calendars('2025-12-31', 10);
    expect(cal.daily[0]).toBe('2016-01-01');
    expect(cal.daily.length).toBe(3653);
  });

  it('trades crypto 7 days a week and equities/ETFs on weekdays only', () => {
    const btc = bars.get('BINANCE_BTCUSDT')!;
    expect(btc.dates.some((d) => weekdayOf(d) === 0)).toBe(true);
    expect(btc.dates.some((d) => weekdayOf(d) === 6)).toBe(true);
    for (const x of all.filter((y) => y.info.market !== 'crypto')) {
      expect(x.bars.dates.filter((d) => weekdayOf(d) === 0 || weekdayOf(d) === 6)).toEqual([]);
    }
  });

  it('has fat tails: pooled kurtosis of standardized returns well above 3 (normal)', () => {
    for (const mkt of ['us_equity', 'crypto', 'etf']) {
      const pooled: number[] = [];
      for (const x of all.filter((y) => y.info.market === mkt && !y.info.id.endsWith('_D'))) {
        const r = logReturns(x.bars).filter((v) => v !== 0);
        const m = mean(r),
          sd = Math.sqrt(mean(r.map((v) => (v - m) ** 2)));
        pooled.push(...r.map((v) => (v - m) / sd));
      }
      expect(kurtosis(pooled)).toBeGreaterThan(4);
    }
  });

  it('clusters volatility: squared returns are positively autocorrelated', () => {
    const acfs = all.map((x) => autocorr1(logReturns(x.bars).map((v) => v * v)));
    expect(mean(acfs)).toBeGreaterThan(0.03);
    expect(acfs.filter((a) => a > 0).length).toBeGreaterThan(acfs.length * 0.8);
  });

  it('correlates symbols of one sector more than across sectors; bonds hedge equities', () => {
    const r = (id: string) => logReturns(bars.get(id)!);
    const within = correlation(r('NYSE_XOM'), r('NYSE_CVX'));
    const across = correlation(r('NYSE_XOM'), r('NYSE_JNJ'));
    expect(within).toBeGreaterThan(across + 0.1);
    expect(correlation(r('BINANCE_BTCUSDT'), r('BINANCE_ETHUSDT'))).toBeGreaterThan(0.4);
    expect(correlation(r('AMEX_SPY'), r('AMEX_TLT'))).toBeLessThan(0.1);
  });

  it('has late listings, a gap and a stale price for the health audit', () => {
    const pltr = info.get('NYSE_PLTR')!;
    expect(pltr.firstDate! > '2024-01-01').toBe(true);
    expect(info.get('BINANCE_SOLUSDT')!.rows!).toBeLessThan(info.get('BINANCE_BTCUSDT')!.rows! * 0.7);
    const ge = bars.get('NYSE_GE')!;
    const maxGap = Math.max(...ge.dates.slice(1).map((d, i) => (Date.parse(d) - Date.parse(ge.dates[i])) / 86_400_000));
    expect(maxGap).toBeGreaterThanOrEqual(14);
    const xrp = bars.get('BINANCE_XRPUSDT')!;
    expect(xrp.dates.length).toBe(bars.get('BINANCE_BTCUSDT')!.dates.length - 20);
    const d = bars.get('NYSE_D')!;
    let run = 0,
      longest = 0;
    for (let i = 1; i < d.close.length; i++) {
      run = d.close[i] === d.close[i - 1] ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(14);
  });

  it('keeps OHLC consistent and prices positive', () => {
    for (const { bars: b } of all) {
      for (let i = 0; i < b.close.length; i++) {
        const ok = b.low[i] > 0 && b.low[i] <= Math.min(b.open[i], b.close[i]) && b.high[i] >= Math.max(b.open[i], b.close[i]) && b.volume[i] >= 0;
        if (!ok) throw new Error(`${b.id} row ${i}: O ${b.open[i]} H ${b.high[i]} L ${b.low[i]} C ${b.close[i]} V ${b.volume[i]}`);
      }
    }
  });

  it('is a pure function of the options: same seed, same numbers; another seed, other numbers', () => {
    const again = simulateSymbol(symbolsFor('small')[0], simulateMarket(opts));
    expect(again.bars).toEqual(all[0].bars);
    const other = simulateSymbol(symbolsFor('small')[0], simulateMarket({ ...opts, seed: 8 }));
    expect(other.bars.close).not.toEqual(all[0].bars.close);
    expect(other.bars.dates).toEqual(all[0].bars.dates);
  });

  it('gives independent, reproducible random streams', () => {
    const a = createRng(1, 'x'),
      b = createRng(1, 'x'),
      c = createRng(1, 'y');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    // neighbouring seeds must not collide (a seed XORed into the hash once made 7 and 8 equal)
    const firsts = new Set(Array.from({ length: 100 }, (_, s) => createRng(s, 'x').next()));
    expect(firsts.size).toBe(100);
    const t = createRng(3, 't');
    const draws = Array.from({ length: 20000 }, () => t.studentT(5));
    expect(Math.abs(mean(draws.map((v) => v * v)) - 1)).toBeLessThan(0.15); // unit variance
  });

  it('rounds prices to 8 significant digits with exact operations (as toPrecision(8) would)', () => {
    for (const x of [105, 0.000201234567, 123456.789123, 9.99999999, 43210.987654321, 1e-7 * 3.3333333333]) {
      expect(q(x)).toBeCloseTo(Number(x.toPrecision(8)), 12);
      expect(Math.abs(q(x) - Number(x.toPrecision(8))) / x).toBeLessThan(1e-12);
    }
    expect(q(NaN)).toBeNaN();
  });

  it('rejects bad options with one-line errors', () => {
    expect(() => resolveGenerateOptions({ outDir: 'x', scale: 'huge' as 'full' })).toThrow('generator: scale: expected "full" or "small", got "huge"');
    expect(() => resolveGenerateOptions({ outDir: 'x', seed: -1 })).toThrow('generator: seed: expected a non-negative integer, got -1');
    expect(() => resolveGenerateOptions({ outDir: 'x', years: 0 })).toThrow('generator: years: expected an integer 1..50, got 0');
    expect(() => calendars('2025-02-30', 1)).toThrow('endDate: expected YYYY-MM-DD, got "2025-02-30"');
  });
});
