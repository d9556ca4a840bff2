import { covariance, equalWeight, hrp, inverseVol, maxSharpe, minVariance, projectToBounds, riskParity } from '../numerics';
import type { ReturnsMatrix } from './series';

import type { RiskEngine } from '@nx-sleeves/contracts';
export type { RiskEngine };

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
    case 'max_sharpe': {
      // μ = plain mean daily return of each asset over the train window (no shrinkage)
      const mu = new Array<number>(n).fill(0);
      for (const row of window) for (let j = 0; j < n; j++) mu[j] += row[j] / window.length;
      return maxSharpe(cov, mu, { maxWeight: cap });
    }
    case 'risk_parity':
      w = riskParity(cov);
      break;
    case 'hrp':
      w = hrp(cov);
      break;
    default:
      throw new Error(`risk.engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, max_sharpe, got ${JSON.stringify(engine)}`);
  }
  return cap < 1 ? projectToBounds(w, 0, cap) : w;
}

/**
 * Caps the total weight of each cluster (sector, or market when there is no sector) at `cap`:
 * over-weight clusters are scaled down to the cap and the excess goes to the other clusters in
 * proportion to their weights, repeated until nothing is over. The redistribution never lifts an asset
 * above `maxWeight` (the per-asset cap the risk engine already respected): what an asset at its cap
 * cannot take goes to the others. Infeasible (cap × clusters < 1, or the clusters' room under both caps,
 * Σ min(cap, assets × maxWeight), below 1) → returned unchanged and reported, rather than inventing cash.
 */
export function applyClusterCap(w: number[], clusters: string[], cap: number, maxWeight = 1): { weights: number[]; applied: boolean } {
  const names = [...new Set(clusters)];
  if (!(cap > 0) || cap >= 1 || names.length * cap < 1 - 1e-12) return { weights: w, applied: false };
  const assetCap = maxWeight > 0 && maxWeight < 1 ? maxWeight : 1;
  const counts = new Map<string, number>();
  for (const c of clusters) counts.set(c, (counts.get(c) ?? 0) + 1);
  const capacity = names.reduce((acc, c) => acc + Math.min(cap, counts.get(c)! * assetCap), 0);
  if (capacity < 1 - 1e-12) return { weights: w, applied: false };
  const out = [...w];
  const sumsOf = () => {
    const sums = new Map<string, number>();
    clusters.forEach((c, i) => sums.set(c, (sums.get(c) ?? 0) + out[i]));
    return sums;
  };
  for (let iter = 0; iter < 1000; iter++) {
    let sums = sumsOf();
    let excess = 0;
    for (const c of names) {
      const s = sums.get(c) ?? 0;
      if (s <= cap + 1e-12) continue;
      excess += s - cap;
      clusters.forEach((cc, i) => {
        if (cc === c) out[i] *= cap / s;
      });
    }
    for (let i = 0; i < out.length; i++) {
      if (out[i] > assetCap + 1e-12) {
        excess += out[i] - assetCap;
        out[i] = assetCap;
      }
    }
    if (excess <= 1e-15) break;
    sums = sumsOf();
    // receivers: assets below their own cap in clusters below the cluster cap
    const idx = clusters.map((c, i) => ((sums.get(c) ?? 0) < cap - 1e-12 && out[i] < assetCap - 1e-12 ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) break;
    const total = idx.reduce((acc, i) => acc + out[i], 0);
    if (total <= 0) {
      // receivers hold nothing yet: share the excess equally among them
      for (const i of idx) out[i] += excess / idx.length;
    } else {
      const add = idx.map((i) => (excess * out[i]) / total);
      idx.forEach((i, k) => (out[i] += add[k]));
    }
  }
  return { weights: out, applied: true };
}

/** One side of a sleeve: the assets it holds, the sign of their weights and the book's total |weight|. */
export interface Book {
  assets: number[];
  sign: 1 | -1;
  exposure: number;
}

export interface DirectionParams {
  direction?: 'long' | 'short' | 'long_short';
  grossExposure?: number;
  netExposure?: number;
}

/**
 * Total |weight| of the long and the short book: long → 1 and 0; short → 0 and 1; long_short with gross G
 * (default 1) and net N (default 0) → (G + N)/2 and (G − N)/2, so Σ|w| = G and Σw = N.
 */
export function bookExposures(p: DirectionParams): { long: number; short: number } {
  const dir = p.direction ?? 'long';
  if (dir === 'long') return { long: 1, short: 0 };
  if (dir === 'short') return { long: 0, short: 1 };
  const g = p.grossExposure ?? 1;
  const net = p.netExposure ?? 0;
  return { long: (g + net) / 2, short: (g - net) / 2 };
}

export interface RiskParams {
  engine: RiskEngine;
  maxWeight: number;
  clusterCap: number;
}

/** Row d of the selected columns, signed (a small function: optimised after a few of its many calls). */
function windowRow(values: Float64Array, n: number, d: number, sel: number[], sign: number): number[] {
  const row = new Array<number>(sel.length);
  for (let j = 0; j < sel.length; j++) row[j] = sign * values[d * n + sel[j]];
  return row;
}

/**
 * Target weights over all matrix columns at row t, book by book: the long-only risk engine on the book's
 * train window [t − trainWindow, t) of its positions' returns (r for a long book, −r for a short one, so a
 * max-Sharpe short book favours falling assets; the covariance is the same), then the cluster cap inside the
 * book; the book's weights (Σ = 1, each ≤ maxWeight) are scaled by its exposure and signed. So maxWeight and
 * clusterCap bound each position / sector as a share of its book: |w_i| ≤ maxWeight × book exposure.
 */
export function bookTargets(
  m: ReturnsMatrix,
  t: number,
  trainWindow: number,
  books: Book[],
  risk: RiskParams,
  clusterOf: (id: string) => string,
): Float64Array {
  const n = m.ids.length;
  const target = new Float64Array(n);
  for (const book of books) {
    const sel = book.assets;
    if (sel.length === 0 || !(book.exposure > 0)) continue;
    const window: number[][] = [];
    for (let d = t - trainWindow; d < t; d++) window.push(windowRow(m.values, n, d, sel, book.sign));
    let w = engineWeights(risk.engine, window, risk.maxWeight);
    if (risk.clusterCap > 0 && risk.clusterCap < 1) {
      w = applyClusterCap(
        w,
        sel.map((a) => clusterOf(m.ids[a])),
        risk.clusterCap,
        risk.maxWeight,
      ).weights;
    }
    sel.forEach((a, j) => (target[a] += book.sign * book.exposure * w[j]));
  }
  return target;
}
