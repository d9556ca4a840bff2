import { covariance, riskContributions } from '../numerics';
import { applyClusterCap, engineWeights } from './allocation';

/** Seeded returns: 3 assets with clearly different volatilities. */
function window(days: number): number[][] {
  let s = 42;
  const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: days }, () => [0.005 * (u() - 0.5), 0.02 * (u() - 0.5), 0.04 * (u() - 0.5)]);
}

describe('engineWeights', () => {
  const w = window(250);
  it.each(['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp'] as const)('%s: fully invested, long-only, within the cap', (engine) => {
    const x = engineWeights(engine, w, 0.6);
    expect(x).toHaveLength(3);
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (const v of x) {
      expect(v).toBeGreaterThanOrEqual(-1e-12);
      expect(v).toBeLessThanOrEqual(0.6 + 1e-9);
    }
  });
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
