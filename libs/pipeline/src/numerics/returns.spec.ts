import { cagr, drawdownCurve, equityCurve, maxDrawdown, simpleReturns, turnover } from './returns';

describe('simpleReturns', () => {
  it('is p[i+1]/p[i] − 1, one shorter than the prices', () => {
    const r = simpleReturns([100, 110, 99, 99]);
    expect(r).toHaveLength(3);
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[1]).toBeCloseTo(-0.1, 15);
    expect(r[2]).toBe(0);
  });
  it('is empty for fewer than two prices', () => {
    expect(simpleReturns([])).toEqual([]);
    expect(simpleReturns([5])).toEqual([]);
  });
  it('rejects non-positive and non-finite prices naming the index', () => {
    expect(() => simpleReturns([1, 0])).toThrow('simpleReturns: prices[1] = 0, expected a price > 0');
    expect(() => simpleReturns([1, NaN])).toThrow('simpleReturns: prices[1] = NaN, expected a finite number');
    expect(() => simpleReturns('1,2' as never)).toThrow('simpleReturns: prices = "1,2", expected an array');
  });
});

describe('maxDrawdown', () => {
  it('measures the worst fall from a running peak of the compounded curve', () => {
    // equity 1.5, 1.2, 0.9, 0.99, 1.485: peak 1.5, trough 0.9 → 40 %
    expect(maxDrawdown([0.5, -0.2, -0.25, 0.1, 0.5])).toBeCloseTo(0.4, 14);
    // the start (equity 1) is a peak: a first-day loss is a drawdown
    expect(maxDrawdown([-0.1, 0.1])).toBeCloseTo(0.1, 14);
    // the later, deeper fall wins: 1.1 → 0.55 is 50 %, after a 9.1 % dip
    expect(maxDrawdown([0.1, -0.5, 0.2, 0.5])).toBeCloseTo(0.5, 14);
  });
  it('is 0 for rising or empty series and 1 for a total loss', () => {
    expect(maxDrawdown([])).toBe(0);
    expect(maxDrawdown([0.01, 0.02, 0])).toBe(0);
    expect(maxDrawdown([0.2, -1])).toBe(1);
  });
  it('agrees with the drawdown and equity curves', () => {
    const r = [0.05, -0.1, 0.02, -0.03, 0.2, -0.15];
    expect(Math.max(...drawdownCurve(r))).toBeCloseTo(maxDrawdown(r), 15);
    expect(equityCurve(r)[5]).toBeCloseTo(1.05 * 0.9 * 1.02 * 0.97 * 1.2 * 0.85, 15);
  });
});

describe('cagr', () => {
  it('is finalEquity^(252/n) − 1', () => {
    const daily = Math.pow(1.21, 1 / 504) - 1; // 21 % over two years = 10 % a year
    expect(cagr(new Array(504).fill(daily))).toBeCloseTo(0.1, 12);
    expect(cagr([0.1, -0.05])).toBeCloseTo(Math.pow(1.1 * 0.95, 126) - 1, 12);
  });
  it('is 0 for no returns and −1 after a total loss', () => {
    expect(cagr([])).toBe(0);
    expect(cagr([0.1, -1, 0.5])).toBe(-1);
  });
});

describe('turnover', () => {
  it('is Σ|next − prev|', () => {
    expect(turnover([0.5, 0.5, 0], [0, 0.5, 0.5])).toBeCloseTo(1, 15);
    expect(turnover([1, 0], [0, 1])).toBe(2);
    expect(turnover([], [])).toBe(0);
  });
  it('rejects vectors of different lengths', () => {
    expect(() => turnover([1], [0.5, 0.5])).toThrow('turnover: next.length = 2, expected 1 (prev.length)');
  });
});
