import { covariance, equalWeight, hrp, inverseVol, minVariance, projectToBounds, riskParity } from '../numerics';

export type RiskEngine = 'equal_weight' | 'inverse_vol' | 'min_variance' | 'risk_parity' | 'hrp';

/** Weights of one risk engine on a train window (rows = days, columns = the selected assets). */
export function engineWeights(engine: RiskEngine, window: number[][], maxWeight: number): number[] {
  const n = window[0]?.length ?? 0;
  if (n === 0) return [];
  if (n === 1) return [1];
  // a cap below 1/n is infeasible for a fully invested portfolio: fall back to the tightest feasible cap
  const cap = Math.min(1, Math.max(maxWeight, 1 / n));
  if (engine === 'equal_weight') return equalWeight(n);
  const cov = covariance(window);
  let w: number[];
  switch (engine) {
    case 'inverse_vol':
      w = inverseVol(cov);
      break;
    case 'min_variance':
      return minVariance(cov, { maxWeight: cap });
    case 'risk_parity':
      w = riskParity(cov);
      break;
    case 'hrp':
      w = hrp(cov);
      break;
    default:
      throw new Error(`risk.engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, got ${JSON.stringify(engine)}`);
  }
  return cap < 1 ? projectToBounds(w, 0, cap) : w;
}

/**
 * Caps the total weight of each cluster (sector, or market when there is no sector) at `cap`:
 * over-weight clusters are scaled down to the cap and the excess goes to the other clusters in
 * proportion to their weights, repeated until nothing is over. Infeasible (cap × clusters < 1) →
 * returned unchanged and reported, rather than inventing cash.
 */
export function applyClusterCap(w: number[], clusters: string[], cap: number): { weights: number[]; applied: boolean } {
  const names = [...new Set(clusters)];
  if (!(cap > 0) || cap >= 1 || names.length * cap < 1 - 1e-12) return { weights: w, applied: false };
  const out = [...w];
  for (let iter = 0; iter < 100; iter++) {
    const sums = new Map<string, number>();
    clusters.forEach((c, i) => sums.set(c, (sums.get(c) ?? 0) + out[i]));
    const over = names.filter((c) => (sums.get(c) ?? 0) > cap + 1e-12);
    if (over.length === 0) break;
    let excess = 0;
    for (const c of over) {
      const s = sums.get(c)!;
      excess += s - cap;
      clusters.forEach((cc, i) => {
        if (cc === c) out[i] *= cap / s;
      });
    }
    const room = names.filter((c) => (sums.get(c) ?? 0) < cap - 1e-12);
    const roomTotal = room.reduce((acc, c) => acc + (sums.get(c) ?? 0), 0);
    if (roomTotal <= 0) {
      // clusters with room hold nothing yet: share the excess equally among their assets
      const idx = clusters.map((c, i) => (room.includes(c) ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) break;
      for (const i of idx) out[i] += excess / idx.length;
    } else {
      clusters.forEach((c, i) => {
        if (room.includes(c)) out[i] += (excess * out[i]) / roomTotal;
      });
    }
  }
  return { weights: out, applied: true };
}
