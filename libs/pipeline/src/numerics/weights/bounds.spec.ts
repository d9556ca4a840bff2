import { projectToBounds } from './bounds';
import { mulberry32 } from '../__fixtures__/prng';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

describe('projectToBounds', () => {
  it('caps and shifts the rest by one amount (hand-computed)', () => {
    // 0.4 + (0.3 − τ) + (0.2 − τ) = 1 → τ = −0.05
    const w = projectToBounds([0.5, 0.3, 0.2], 0, 0.4);
    expect(w[0]).toBeCloseTo(0.4, 15);
    expect(w[1]).toBeCloseTo(0.35, 15);
    expect(w[2]).toBeCloseTo(0.25, 15);
  });
  it('lifts weights to the floor and renormalises unnormalised input', () => {
    const w = projectToBounds([0.9, 0.1, 0], 0.1, 1);
    expect(w[2]).toBeCloseTo(0.1, 15);
    expect(w[1]).toBeCloseTo(0.1, 15);
    expect(w[0]).toBeCloseTo(0.8, 15);
    const v = projectToBounds([2, 2], 0, 1);
    expect(v).toEqual([0.5, 0.5]);
  });
  it('leaves feasible weights unchanged and handles a single asset and tight bounds', () => {
    expect(projectToBounds([0.2, 0.3, 0.5], 0.1, 0.6)).toEqual([0.2, 0.3, 0.5]);
    expect(projectToBounds([0.3], 0, 0.5 + 0.5)).toEqual([1]);
    const all = projectToBounds([0.9, 0.05, 0.05, 0], 0.25, 0.25);
    expect(all.every((x) => Math.abs(x - 0.25) < 1e-15)).toBe(true);
    // 10 × 0.1 is slightly above 1 in floating point: still feasible
    expect(sum(projectToBounds(new Array(10).fill(0.3), 0.1, 0.1))).toBeCloseTo(1, 14);
  });
  it('rejects infeasible bounds with the reason', () => {
    expect(() => projectToBounds([0.5, 0.5, 0], 0.4, 1)).toThrow(
      'projectToBounds: min = 0.4, expected a value ≤ 1/3 = 0.3333333333333333 (3 weights cannot sum to 1 with each ≥ 0.4)',
    );
    expect(() => projectToBounds([0.5, 0.5, 0], 0, 0.3)).toThrow('projectToBounds: max = 0.3, expected a value ≥ 1/3');
    expect(() => projectToBounds([0.5, 0.5], 0.6, 0.4)).toThrow('projectToBounds: min = 0.6, expected a value ≤ max (0.4)');
    expect(() => projectToBounds([], 0, 1)).toThrow('projectToBounds: w = array(0), expected a non-empty array of weights');
  });
  it('is the Euclidean projection: Σ = 1, bounds hold, and (y − x)·(z − x) ≤ 0 for feasible z', () => {
    const rand = mulberry32(42);
    // Aggregate the worst cases and assert once: thousands of expect() calls would dominate the run time.
    let worstSum = 0;
    let worstBound = 0;
    let worstDot = -Infinity;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 12);
      const lo = rand() < 0.3 ? 0 : (rand() * 1) / n;
      const hi = Math.max(lo, 1 / n + rand() * (1 - 1 / n));
      const y = Array.from({ length: n }, () => rand() * 2 - 0.5);
      const x = projectToBounds(y, lo, hi);
      worstSum = Math.max(worstSum, Math.abs(sum(x) - 1));
      for (const xi of x) worstBound = Math.max(worstBound, lo - xi, xi - hi);
      // Variational inequality against other feasible points (projections of random vectors).
      for (let k = 0; k < 5; k++) {
        const z = projectToBounds(
          Array.from({ length: n }, () => rand()),
          lo,
          hi,
        );
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (y[i] - x[i]) * (z[i] - x[i]);
        worstDot = Math.max(worstDot, dot);
      }
    }
    expect(worstSum).toBeLessThan(1e-9);
    expect(worstBound).toBeLessThanOrEqual(0);
    expect(worstDot).toBeLessThan(1e-12);
  });
});
