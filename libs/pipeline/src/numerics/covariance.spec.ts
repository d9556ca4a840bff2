import { correlation, covariance, covarianceToCorrelation } from './covariance';
import { randomReturns } from './__fixtures__/prng';

/** Textbook two-pass sample covariance, written independently of the implementation. */
function naiveCov(m: number[][]): number[][] {
  const t = m.length;
  const n = m[0].length;
  const mu = Array.from({ length: n }, (_, a) => m.reduce((s, row) => s + row[a], 0) / t);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => m.reduce((s, row) => s + (row[i] - mu[i]) * (row[j] - mu[j]), 0) / (t - 1)));
}

describe('covariance', () => {
  it('matches a hand-computed case (rows = days)', () => {
    const c = covariance([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(c[0][0]).toBeCloseTo(1, 15);
    expect(c[1][1]).toBeCloseTo(4, 15);
    expect(c[0][1]).toBeCloseTo(2, 15);
    expect(c[1][0]).toBe(c[0][1]);
    expect(
      correlation([
        [1, 2],
        [2, 4],
        [3, 6],
      ])[0][1],
    ).toBeCloseTo(1, 15);
  });

  it('matches a naive two-pass covariance on random data and is exactly symmetric', () => {
    const m = randomReturns(7, 60, 9);
    const c = covariance(m);
    const ref = naiveCov(m);
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 9; j++) {
        expect(Math.abs(c[i][j] - ref[i][j])).toBeLessThan(1e-15);
        expect(c[i][j]).toBe(c[j][i]);
      }
    }
  });

  it('correlation has a unit diagonal, lies in [−1, 1] and equals cov/(σσ)', () => {
    const m = randomReturns(8, 40, 6);
    const c = covariance(m);
    const r = correlation(m);
    for (let i = 0; i < 6; i++) {
      expect(r[i][i]).toBe(1);
      for (let j = 0; j < 6; j++) {
        expect(Math.abs(r[i][j])).toBeLessThanOrEqual(1);
        if (i !== j) expect(r[i][j]).toBeCloseTo(c[i][j] / Math.sqrt(c[i][i] * c[j][j]), 14);
      }
    }
    expect(covarianceToCorrelation(c)).toEqual(r);
  });

  it('gives a zero-variance asset correlation 0 with the others', () => {
    const r = correlation([
      [1, 5],
      [2, 5],
      [4, 5],
    ]);
    expect(r).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('rejects too few days and ragged or non-finite rows with a one-line message', () => {
    expect(() => covariance([[1, 2]])).toThrow('covariance: m.length = 1, expected at least 2 rows (days)');
    expect(() => covariance([[1, 2], [3]])).toThrow('covariance: m[1].length = 1, expected 2 (the length of m[0])');
    expect(() =>
      covariance([
        [1, 2],
        [3, NaN],
      ]),
    ).toThrow('covariance: m[1][1] = NaN, expected a finite number');
  });
});
