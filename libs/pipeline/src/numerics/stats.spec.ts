import { annualVol, calmar, downsideDeviation, mean, sharpe, sortino, std } from './stats';
import { cagr, maxDrawdown } from './returns';

const SQRT252 = Math.sqrt(252);

describe('mean and std', () => {
  it('computes the mean and the sample (n − 1) standard deviation', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // Σ(x − 2.5)² = 5, / 3
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 15);
  });
  it('is 0 for too-short inputs', () => {
    expect(mean([])).toBe(0);
    expect(std([])).toBe(0);
    expect(std([7])).toBe(0);
  });
  it('rejects non-finite values naming the index', () => {
    expect(() => std([1, Infinity])).toThrow('std: x[1] = Infinity, expected a finite number');
  });
});

describe('annualised ratios', () => {
  it('annualVol = std × √252', () => {
    expect(annualVol([0.01, -0.01])).toBeCloseTo(Math.sqrt(0.0002) * SQRT252, 15);
  });
  it('sharpe = mean × 252 / annualVol', () => {
    // mean 0.02, std 0.01 → 0.02·252 / (0.01·√252) = 2√252
    expect(sharpe([0.01, 0.02, 0.03])).toBeCloseTo(2 * SQRT252, 12);
    expect(sharpe([-0.01, -0.02, -0.03])).toBeCloseTo(-2 * SQRT252, 12);
  });
  it('sharpe is 0 without volatility', () => {
    expect(sharpe([0.01, 0.01, 0.01])).toBe(0);
    expect(sharpe([0.01])).toBe(0);
    expect(sharpe([])).toBe(0);
  });
  it('sortino divides by sqrt(mean(min(r,0)²)) over all n returns', () => {
    const r = [0.03, -0.01, 0.02, -0.02];
    // downside: sqrt((0.0001 + 0.0004) / 4); mean 0.005
    expect(downsideDeviation(r)).toBeCloseTo(Math.sqrt(0.000125), 15);
    expect(sortino(r)).toBeCloseTo((0.005 * 252) / (Math.sqrt(0.000125) * SQRT252), 12);
    expect(sortino([0.01, 0.02])).toBe(0);
  });
  it('calmar = cagr / maxDrawdown, 0 without a drawdown', () => {
    // equity 1.01, 0.909, 0.90, 0.99 over 4 days: drawdown (1.01 − 0.9)/1.01
    const r = [0.01, -0.1, -0.0099009900990099, 0.1];
    expect(maxDrawdown(r)).toBeCloseTo(0.11 / 1.01, 14);
    const expected = (Math.pow(1.01 * 0.9 * (1 - 0.0099009900990099) * 1.1, 63) - 1) / maxDrawdown(r);
    expect(calmar(r)).toBeCloseTo(expected, 12);
    expect(calmar(r)).toBe(cagr(r) / maxDrawdown(r));
    expect(calmar([0.01, 0.02])).toBe(0);
  });
});

describe('annualisation factor (periodsPerYear)', () => {
  it('defaults to 252 and takes 365 for a 7-day calendar', () => {
    const r = [0.01, 0.03]; // mean 0.02, sample std 0.01·√2
    expect(sharpe(r)).toBeCloseTo(Math.sqrt(504), 12);
    expect(sharpe(r, 365)).toBeCloseTo(Math.sqrt(730), 12);
    expect(annualVol(r, 365)).toBeCloseTo(0.01 * Math.sqrt(730), 12);
    // one negative return of −0.01 over 2: downside √(0.0001/2); Sortino = 0.01·365 / (√0.00005·√365)
    expect(sortino([0.03, -0.01], 365)).toBeCloseTo((0.01 * 365) / (Math.sqrt(0.00005) * Math.sqrt(365)), 10);
    // 365 daily returns compounding to 2 → 100 % a year on a 7-day calendar
    const year = new Array<number>(365).fill(2 ** (1 / 365) - 1);
    expect(cagr(year, 365)).toBeCloseTo(1, 10);
    expect(cagr(year)).toBeCloseTo(2 ** (252 / 365) - 1, 10);
    // [1.5 → 0.75]: drawdown 50 %, equity 0.75 over 2 periods of a 1-period year → CAGR 0.75^0.5 − 1
    expect(calmar([0.5, -0.5], 1)).toBeCloseTo((Math.sqrt(0.75) - 1) / 0.5, 12);
  });
  it('rejects a periodsPerYear that is not a finite number > 0', () => {
    expect(() => sharpe([0.01, 0.02], 0)).toThrow('sharpe: periodsPerYear = 0, expected a finite number > 0');
    expect(() => cagr([0.01], NaN)).toThrow('cagr: periodsPerYear');
  });
});
