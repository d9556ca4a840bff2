import { minVariance, projectedGradient } from './min-variance';
import { toFloat64Square } from '../validate';
import { covariance } from '../covariance';
import { mulberry32, randomCovariance, randomReturns } from '../__fixtures__/prng';
import { bruteForceMinVariance, quad, randomFeasible } from '../__fixtures__/reference-qp';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

function expectFeasible(w: number[], cap: number) {
  expect(Math.abs(sum(w) - 1)).toBeLessThan(1e-9);
  expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...w)).toBeLessThanOrEqual(cap);
}

/** The smallest variance among `count` random feasible portfolios. */
function bestRandom(rand: () => number, cov: number[][], cap: number, count: number): number {
  let best = Infinity;
  for (let k = 0; k < count; k++) best = Math.min(best, quad(cov, randomFeasible(rand, cov.length, cap)));
  return best;
}

describe('minVariance: hand-computed', () => {
  it('matches the 2-asset closed form w₁ = (σ₂² − σ₁₂)/(σ₁² + σ₂² − 2σ₁₂)', () => {
    const [a, b, c] = [0.04, 0.09, 0.006];
    const w = minVariance([
      [a, c],
      [c, b],
    ]);
    expect(Math.abs(w[0] - (b - c) / (a + b - 2 * c))).toBeLessThan(1e-9);
    expect(Math.abs(w[1] - (a - c) / (a + b - 2 * c))).toBeLessThan(1e-9);
  });
  it('holds the cap and goes to a corner when the closed form leaves the box', () => {
    const cov = [
      [0.04, 0.006],
      [0.006, 0.09],
    ];
    const capped = minVariance(cov, { maxWeight: 0.6 });
    expect(capped[0]).toBeCloseTo(0.6, 12);
    expect(capped[1]).toBeCloseTo(0.4, 12);
    // σ₁₂ > σ₁²: the closed form says w₁ > 1, so the long-only optimum is all in asset 1
    const corner = minVariance([
      [0.01, 0.015],
      [0.015, 0.09],
    ]);
    expect(corner).toEqual([1, 0]); // exact: assets not held are exactly 0, not 1e-19
  });
  it('is equal weight for identical uncorrelated assets and when maxWeight = 1/n', () => {
    const w = minVariance([
      [0.04, 0, 0],
      [0, 0.04, 0],
      [0, 0, 0.04],
    ]);
    for (const x of w) expect(x).toBeCloseTo(1 / 3, 12);
    expect(minVariance(randomCovariance(1, 4), { maxWeight: 0.25 })).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(minVariance([[0.04]])).toEqual([1]);
  });
});

describe('minVariance: against an exhaustive active-set enumeration (n ≤ 6)', () => {
  it('reaches the QP optimum within 1e-6 in weights and 1e-9 (relative) in variance', () => {
    const rand = mulberry32(2024);
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + (trial % 5);
      const cov = randomCovariance(1000 + trial, n, trial % 3 === 0 ? 1e-7 : 1e-5);
      const cap = trial % 4 === 0 ? 1 : 1 / n + rand() * (1 - 1 / n);
      const ref = bruteForceMinVariance(cov, cap);
      const w = minVariance(cov, { maxWeight: cap });
      expectFeasible(w, cap);
      expect((quad(cov, w) - ref.variance) / ref.variance).toBeLessThan(1e-9);
      expect(Math.max(...w.map((x, i) => Math.abs(x - ref.weights[i])))).toBeLessThan(1e-6);
    }
  });
});

describe('minVariance: properties on seeded random covariances', () => {
  it('is feasible and no worse than 1,000 random feasible portfolios', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 8; trial++) {
      const n = 5 + 5 * trial;
      const cov = covariance(randomReturns(300 + trial, 120, n));
      const cap = Math.max(1 / n, trial % 2 === 0 ? 0.1 : 0.35);
      const w = minVariance(cov, { maxWeight: cap });
      expectFeasible(w, cap);
      expect(quad(cov, w)).toBeLessThanOrEqual(bestRandom(rand, cov, cap, 1000) * (1 + 1e-12));
    }
  });

  it('handles a singular covariance (fewer days than assets) and duplicated assets', () => {
    const rand = mulberry32(11);
    const m = randomReturns(5, 12, 30); // rank ≤ 11
    const cov = covariance(m);
    const w = minVariance(cov, { maxWeight: 0.2 });
    expectFeasible(w, 0.2);
    const v = quad(cov, w);
    expect(v).toBeLessThanOrEqual(bestRandom(rand, cov, 0.2, 1000));
    // Independent check: 20,000 accelerated projected-gradient steps alone (no active set, no ridge).
    const slow = Array.from(projectedGradient(toFloat64Square(cov), 30, 0.2, 20000));
    expect((v - quad(cov, slow)) / quad(cov, slow)).toBeLessThan(1e-9);

    // Asset 3 duplicated as asset 4: the optimum variance equals the 4-asset problem's.
    const base = randomCovariance(3, 4);
    const dup = base.map((row) => [...row, row[3]]);
    dup.push([...base[3], base[3][3]]);
    const wd = minVariance(dup);
    expectFeasible(wd, 1);
    const ref = bruteForceMinVariance(base, 1);
    expect(Math.abs(quad(dup, wd) - ref.variance) / ref.variance).toBeLessThan(1e-8);
    expect(wd[3] + wd[4]).toBeCloseTo(ref.weights[3], 6);
  });

  it('puts weight on zero-variance assets first, up to the cap', () => {
    const w = minVariance(
      [
        [0.04, 0, 0],
        [0, 0, 0],
        [0, 0, 0.09],
      ],
      { maxWeight: 0.5 },
    );
    expect(w[1]).toBeCloseTo(0.5, 9);
    // the remaining 0.5 goes to the other two ∝ 1/σ² (uncorrelated): 0.5·(1/0.04)/(1/0.04 + 1/0.09)
    expect(w[0]).toBeCloseTo((0.5 * 25) / (25 + 1 / 0.09), 8);
    expect(
      minVariance([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual([0.5, 0.5]);
  });

  it('rejects bad maxWeight with the reason', () => {
    const cov = randomCovariance(1, 4);
    expect(() => minVariance(cov, { maxWeight: 0.2 })).toThrow(
      'minVariance: maxWeight = 0.2, expected a value ≥ 1/4 = 0.25 (4 weights cannot sum to 1 with each ≤ 0.2)',
    );
    expect(() => minVariance(cov, { maxWeight: 0 })).toThrow('minVariance: maxWeight = 0, expected a number in (0, 1]');
    expect(() => minVariance(cov, { maxWeight: 1.5 })).toThrow('minVariance: maxWeight = 1.5, expected a number in (0, 1]');
  });
});
