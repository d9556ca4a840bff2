import { maxReturnPortfolio, maxSharpe } from './max-sharpe';
import { minVariance } from './min-variance';
import { covariance } from '../covariance';
import { mulberry32, randomCovariance, randomReturns } from '../__fixtures__/prng';
import { bruteForceMaxSharpe, randomFeasible, sharpeOf } from '../__fixtures__/reference-qp';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

function expectFeasible(w: number[], cap: number) {
  expect(Math.abs(sum(w) - 1)).toBeLessThan(1e-9);
  expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...w)).toBeLessThanOrEqual(cap + 1e-15);
}

describe('maxSharpe: hand-computed', () => {
  it('is Σ⁻¹μ normalised when that is long-only (2 assets, closed form)', () => {
    const cov = [
      [0.04, 0.006],
      [0.006, 0.09],
    ];
    const mu = [0.001, 0.002];
    // Σ⁻¹μ ∝ [σ₂²μ₁ − σ₁₂μ₂, σ₁²μ₂ − σ₁₂μ₁]
    const z = [0.09 * 0.001 - 0.006 * 0.002, 0.04 * 0.002 - 0.006 * 0.001];
    const w = maxSharpe(cov, mu);
    expect(Math.abs(w[0] - z[0] / (z[0] + z[1]))).toBeLessThan(1e-9);
    expect(Math.abs(w[1] - z[1] / (z[0] + z[1]))).toBeLessThan(1e-9);
  });
  it('drops an asset whose unconstrained tangency weight would be negative, and holds the cap', () => {
    const cov = [
      [0.04, 0.0, 0.0],
      [0.0, 0.04, 0.0],
      [0.0, 0.0, 0.04],
    ];
    // uncorrelated, equal variance: w ∝ μ where μ > 0, 0 elsewhere
    const w = maxSharpe(cov, [0.003, 0.001, -0.002]);
    expect(w[0]).toBeCloseTo(0.75, 9);
    expect(w[1]).toBeCloseTo(0.25, 9);
    expect(w[2]).toBe(0);
    const capped = maxSharpe(cov, [0.003, 0.001, -0.002], { maxWeight: 0.6 });
    expect(capped[0]).toBeCloseTo(0.6, 12);
    expect(capped[1]).toBeCloseTo(0.4, 12);
  });
  it('falls back to minimum variance when no feasible portfolio has a positive expected return', () => {
    const cov = randomCovariance(5, 4);
    const mu = [-0.001, -0.002, -0.0005, -0.003];
    expect(maxSharpe(cov, mu, { maxWeight: 0.5 })).toEqual(minVariance(cov, { maxWeight: 0.5 }));
    // with a cap, a single positive μ is not enough when the capped best mix is still ≤ 0
    expect(maxSharpe(cov, [0.001, -0.002, -0.0015, -0.003], { maxWeight: 0.5 })).toEqual(minVariance(cov, { maxWeight: 0.5 }));
    expect(maxSharpe([[0.01]], [-1])).toEqual([1]);
  });
  it('is the greedy maximum-return portfolio when every asset is riskless', () => {
    const zero = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    expect(maxSharpe(zero, [0.001, 0.003, 0.002], { maxWeight: 0.5 })).toEqual([0, 0.5, 0.5]);
    maxReturnPortfolio([0.001, 0.003, 0.002], 0.4).forEach((x, i) => expect(x).toBeCloseTo([0.2, 0.4, 0.4][i], 15));
  });
  it('is scale invariant (μ × k, Σ × k²) and rejects bad input with one line', () => {
    const cov = randomCovariance(9, 5);
    const mu = [0.001, 0.0004, 0.0008, -0.0002, 0.0011];
    const a = maxSharpe(cov, mu, { maxWeight: 0.4 });
    const b = maxSharpe(
      cov.map((r) => r.map((x) => x * 9)),
      mu.map((x) => x * 3),
      { maxWeight: 0.4 },
    );
    a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-9));
    expect(() => maxSharpe(cov, [1, 2])).toThrow('maxSharpe: mu.length = 2, expected 5 (the size of cov)');
    expect(() => maxSharpe(cov, mu, { maxWeight: 0.1 })).toThrow(/^maxSharpe: maxWeight = 0.1, expected a value ≥ 1\/5/);
  });
});

describe('maxSharpe: against an exhaustive enumeration of the homogenised QP (n ≤ 6)', () => {
  it('reaches the optimum within 1e-6 in weights and 1e-9 (relative) in Sharpe ratio', () => {
    const rand = mulberry32(99);
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + (trial % 5);
      const cov = randomCovariance(3000 + trial, n, trial % 3 === 0 ? 1e-7 : 1e-5);
      const mu = Array.from({ length: n }, () => (rand() - 0.35) * 0.002);
      if (Math.max(...mu) <= 0) mu[0] = 0.001;
      const cap = trial % 4 === 0 ? 1 : 1 / n + rand() * (1 - 1 / n);
      if (sum(maxReturnPortfolio(mu, cap).map((w, i) => w * mu[i])) <= 0) continue;
      const ref = bruteForceMaxSharpe(cov, mu, cap);
      const w = maxSharpe(cov, mu, { maxWeight: cap });
      expectFeasible(w, cap);
      expect((ref.sharpe - sharpeOf(cov, mu, w)) / ref.sharpe).toBeLessThan(1e-9);
      expect(Math.max(...w.map((x, i) => Math.abs(x - ref.weights[i])))).toBeLessThan(1e-6);
    }
  });
});

describe('maxSharpe: properties on seeded return windows', () => {
  it('is feasible and beats 2,000 random feasible portfolios (n = 5…40)', () => {
    const rand = mulberry32(11);
    for (let trial = 0; trial < 6; trial++) {
      const n = 5 + 7 * trial;
      const window = randomReturns(500 + trial, 126, n);
      const cov = covariance(window);
      const mu = Array.from({ length: n }, (_, a) => window.reduce((s, r) => s + r[a], 0) / window.length);
      const cap = trial % 2 ? 0.25 : 1;
      const w = maxSharpe(cov, mu, { maxWeight: cap });
      expectFeasible(w, cap);
      const s = sharpeOf(cov, mu, w);
      for (let k = 0; k < 2000; k++) expect(sharpeOf(cov, mu, randomFeasible(rand, n, cap))).toBeLessThanOrEqual(s + 1e-12);
    }
  });
});
