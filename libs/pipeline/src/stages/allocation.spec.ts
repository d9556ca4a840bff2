import { covariance, maxSharpe, riskContributions } from '../numerics';
import { applyClusterCap, bookExposures, bookTargets, engineWeights } from './allocation';
import type { ReturnsMatrix } from './series';

/** Seeded returns: 3 assets with clearly different volatilities. */
function window(days: number): number[][] {
  let s = 42;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: days }, () => [0.005 * (u() - 0.5), 0.02 * (u() - 0.5), 0.04 * (u() - 0.5)]);
}

describe('engineWeights', () => {
  const w = window(250);
  it.each(['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp', 'max_sharpe'] as const)(
    '%s: fully invested, long-only, within the cap',
    (engine) => {
      const x = engineWeights(engine, w, 0.6);
      expect(x).toHaveLength(3);
      expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (const v of x) {
        expect(v).toBeGreaterThanOrEqual(-1e-12);
        expect(v).toBeLessThanOrEqual(0.6 + 1e-9);
      }
    },
  );
  it('risk engines favour the low-volatility asset; equal weight does not', () => {
    expect(engineWeights('equal_weight', w, 1)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const iv = engineWeights('inverse_vol', w, 1);
    expect(iv[0]).toBeGreaterThan(iv[1]);
    expect(iv[1]).toBeGreaterThan(iv[2]);
  });
  it('risk parity without a binding cap equalises risk contributions', () => {
    const x = engineWeights('risk_parity', w, 1);
    const rc = riskContributions(x, covariance(w));
    expect(rc[0]).toBeCloseTo(rc[1], 8);
    expect(rc[1]).toBeCloseTo(rc[2], 8);
  });
  it('an infeasible cap (below 1/n) falls back to the tightest feasible one', () => {
    expect(engineWeights('inverse_vol', w, 0.1).map((v) => Number(v.toFixed(9)))).toEqual([0.333333333, 0.333333333, 0.333333333]);
  });
  it('one asset gets everything; none gets nothing', () => {
    expect(engineWeights('hrp', [[0.01], [0.02]], 0.2)).toEqual([1]);
    expect(engineWeights('hrp', [], 0.2)).toEqual([]);
  });
});

describe('applyClusterCap', () => {
  it('scales an over-weight cluster to the cap and redistributes proportionally', () => {
    const { weights, applied } = applyClusterCap([0.4, 0.3, 0.2, 0.1], ['tech', 'tech', 'energy', 'bonds'], 0.5);
    expect(applied).toBe(true);
    expect(weights[0] + weights[1]).toBeCloseTo(0.5, 12);
    expect(weights[0] / weights[1]).toBeCloseTo(4 / 3, 12);
    expect(weights[2] / weights[3]).toBeCloseTo(2, 12);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('iterates until no cluster is over the cap', () => {
    const { weights } = applyClusterCap([0.6, 0.3, 0.05, 0.05], ['a', 'b', 'c', 'd'], 0.3);
    for (const v of weights) expect(v).toBeLessThanOrEqual(0.3 + 1e-9);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('leaves weights unchanged when the cap is infeasible or off', () => {
    expect(applyClusterCap([0.5, 0.5], ['a', 'a'], 0.5)).toEqual({ weights: [0.5, 0.5], applied: false });
    expect(applyClusterCap([0.7, 0.3], ['a', 'b'], 1)).toEqual({ weights: [0.7, 0.3], applied: false });
  });
});

describe('applyClusterCap with a per-asset cap', () => {
  it('never pushes an asset above maxWeight while redistributing a cluster excess', () => {
    // tech A, B, C 0.3 each (0.9 over a 0.5 cap → 1/6 each, excess 0.4); energy D 0.1; maxWeight 0.3.
    // Without the per-asset cap the whole 0.4 went to D (0.1 → 0.5). With it: D 0.3, and the 0.2 left
    // goes back to the only assets with room under both caps... none (tech is at its cluster cap), so
    // this instance is infeasible: Σ min(0.5, 3 × 0.3) + min(0.5, 0.3) = 0.8 < 1 → unchanged.
    expect(applyClusterCap([0.3, 0.3, 0.3, 0.1], ['tech', 'tech', 'tech', 'energy'], 0.5, 0.3).applied).toBe(false);
    // With a second small cluster there is room: energy D 0.05, bonds E 0.05 → the 0.4 excess is split
    // in proportion (equal) → D 0.25, E 0.25, both ≤ 0.3 (the old code gave the same here: no cap binds).
    const a = applyClusterCap([0.3, 0.3, 0.3, 0.05, 0.05], ['tech', 'tech', 'tech', 'energy', 'bonds'], 0.5, 0.3);
    expect(a.applied).toBe(true);
    a.weights.slice(0, 3).forEach((v) => expect(v).toBeCloseTo(1 / 6, 12));
    expect(a.weights[3]).toBeCloseTo(0.25, 12);
    expect(a.weights[4]).toBeCloseTo(0.25, 12);
  });
  it('moves what an asset at its cap cannot take to the others (hand-computed)', () => {
    // tech A 0.3, B 0.3 (0.6 over a 0.4 cap → 0.2 each, excess 0.2); energy C 0.25, D 0.05; bonds E 0.1.
    // round 1: 0.2 shared over C, D, E in proportion (0.4) → C 0.375, D 0.075, E 0.15.
    // round 2: energy 0.45 > 0.4 → × 8/9: C 1/3, D 1/15 (excess 0.05); C > 0.3 → 0.3 (excess + 1/30 = 1/12);
    //   1/12 shared over D 1/15 and E 0.15 (total 13/60) → D 1/15 + 1/12·(4/13) = 6/65, E 0.15 + 1/12·(9/13) = 27/130.
    // energy 0.3 + 6/65 < 0.4, bonds 27/130 < 0.4, every asset ≤ 0.3, Σ = 1.
    const { weights } = applyClusterCap([0.3, 0.3, 0.25, 0.05, 0.1], ['tech', 'tech', 'energy', 'energy', 'bonds'], 0.4, 0.3);
    const expected = [0.2, 0.2, 0.3, 6 / 65, 27 / 130];
    weights.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('keeps the weights when both caps together leave less than 1 of room', () => {
    // two clusters of one asset each: Σ min(0.6, 1 × 0.4) = 0.8 < 1
    expect(applyClusterCap([0.6, 0.4], ['a', 'b'], 0.6, 0.4)).toEqual({ weights: [0.6, 0.4], applied: false });
  });
});

describe('max_sharpe engine', () => {
  it('is the capped tangency portfolio of the window (μ = mean daily return, no shrinkage)', () => {
    const w3 = window(250).map((r, d) => [r[0] + 0.0005, r[1] + 0.002, r[2] + (d % 2 ? 0.001 : -0.001)]);
    const x = engineWeights('max_sharpe', w3, 0.6);
    const cov = covariance(w3);
    const mu = [0, 1, 2].map((j) => w3.reduce((s, r) => s + r[j], 0) / w3.length);
    const ref = maxSharpe(cov, mu, { maxWeight: 0.6 });
    x.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 12));
    expect(x[0]).toBe(0.6); // the cap binds on the steady riser
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('books (selection.direction)', () => {
  it('exposures: long 1/0, short 0/1, long_short (G ± N)/2', () => {
    expect(bookExposures({})).toEqual({ long: 1, short: 0 });
    expect(bookExposures({ direction: 'short' })).toEqual({ long: 0, short: 1 });
    expect(bookExposures({ direction: 'long_short' })).toEqual({ long: 0.5, short: 0.5 });
    expect(bookExposures({ direction: 'long_short', grossExposure: 1.6, netExposure: 1 })).toEqual({ long: 1.3, short: expect.closeTo(0.3, 15) });
  });
  const days = window(120);
  const m: ReturnsMatrix = {
    dates: days.map((_, i) => `d${String(i).padStart(3, '0')}`),
    ids: ['A', 'B', 'C'],
    values: Float64Array.from(days.flat()),
  };
  const risk = { engine: 'inverse_vol' as const, maxWeight: 1, clusterCap: 0 };
  it('each book is the long-only engine on its assets, scaled by its exposure and signed', () => {
    const t = bookTargets(
      m,
      120,
      120,
      [
        { assets: [0], sign: 1, exposure: 0.6 },
        { assets: [1, 2], sign: -1, exposure: 0.4 },
      ],
      risk,
      () => 'x',
    );
    const inner = engineWeights(
      'inverse_vol',
      days.map((r) => [-r[1], -r[2]]),
      1,
    );
    expect(t[0]).toBeCloseTo(0.6, 15);
    expect(t[1]).toBeCloseTo(-0.4 * inner[0], 15);
    expect(t[2]).toBeCloseTo(-0.4 * inner[1], 15);
    expect(t[1] + t[2]).toBeCloseTo(-0.4, 12);
  });
  it('maxWeight bounds |w| as a share of its book: |w_i| ≤ maxWeight × exposure', () => {
    const t = bookTargets(m, 120, 120, [{ assets: [0, 1, 2], sign: -1, exposure: 0.5 }], { engine: 'inverse_vol', maxWeight: 0.4, clusterCap: 0 }, () => 'x');
    for (const w of t) {
      expect(w).toBeLessThan(0);
      expect(-w).toBeLessThanOrEqual(0.4 * 0.5 + 1e-12);
    }
    expect(t.reduce((a, b) => a + b, 0)).toBeCloseTo(-0.5, 12);
  });
  it('a short book of max_sharpe favours the falling asset (μ of −r)', () => {
    const fall: ReturnsMatrix = {
      dates: m.dates,
      ids: m.ids,
      values: Float64Array.from(days.flatMap((r) => [r[0] - 0.002, r[1] + 0.002, r[2]])),
    };
    const long = bookTargets(fall, 120, 120, [{ assets: [0, 1], sign: 1, exposure: 1 }], { ...risk, engine: 'max_sharpe' }, () => 'x');
    const short = bookTargets(fall, 120, 120, [{ assets: [0, 1], sign: -1, exposure: 1 }], { ...risk, engine: 'max_sharpe' }, () => 'x');
    expect(long[1]).toBeGreaterThan(long[0]);
    expect(-short[0]).toBeGreaterThan(-short[1]);
  });
});
