import { projectToBounds } from '../numerics';
import { engineWeights, type RiskEngine } from '../stages/allocation';
import { rebalanceSchedule } from '../stages/schedule';
import type { ReturnsMatrix } from '../stages/series';
import { walkForward, type WalkForwardResult } from '../stages/walk-forward';

import type { MetaEngine } from '@nx-sleeves/contracts';
export type { MetaEngine };

export interface MetaAllocationParams {
  engine: MetaEngine;
  minWeight: number;
  maxWeight: number;
}

/** Walk-forward settings of the meta level: a trailing half year, rebalanced monthly. */
export const META_TRAIN_WINDOW = 126;
export const META_STEP = 21;
export const META_MIN_TRAIN = 20;

/** Train window for `rows` joined days: 126, or half the data when that is shorter (≥ 20). */
export function metaTrainWindow(rows: number): number {
  return Math.min(META_TRAIN_WINDOW, Math.floor(rows / 2));
}

/** Sleeve weights for one train window: the engine over sleeves (each sleeve one cluster), then bounds. */
export function sleeveWeights(window: number[][], p: MetaAllocationParams): number[] {
  const n = window[0]?.length ?? 0;
  // One sleeve takes the whole meta-portfolio (weight 1) whatever the engine, if the bounds allow it.
  const raw = n === 1 ? [1] : engineWeights(p.engine as RiskEngine, window, 1);
  if (p.minWeight * n > 1 + 1e-12 || p.maxWeight * n < 1 - 1e-12) {
    throw new Error(`allocation: bounds [${p.minWeight}, ${p.maxWeight}] are infeasible for ${n} sleeves (need minWeight × ${n} ≤ 1 ≤ maxWeight × ${n})`);
  }
  return projectToBounds(raw, p.minWeight, p.maxWeight);
}

/**
 * Walk-forward allocation across sleeves on their joined returns. `costBps` (one rate, or one per
 * sleeve) is charged on sleeve-level turnover exactly like a sleeve's costs on asset turnover.
 */
export function allocateSleeves(joined: ReturnsMatrix, p: MetaAllocationParams, costBps: number | number[] = 0): WalkForwardResult {
  const rows = joined.dates.length;
  const train = metaTrainWindow(rows);
  const n = joined.ids.length;
  const schedule = rebalanceSchedule(rows, train, META_STEP, META_STEP);
  return walkForward(joined, schedule, costBps, (r) => {
    const window: number[][] = [];
    for (let d = r.t - train; d < r.t; d++) window.push(Array.from(joined.values.subarray(d * n, d * n + n)));
    return Float64Array.from(sleeveWeights(window, p));
  });
}

/**
 * Asset weights of the meta-portfolio: Σ over sleeves of sleeve weight × the sleeve's asset weights. Signed:
 * a short sleeve's negative weights net against a long sleeve's holding of the same asset (0 drops out of
 * weights.json), so the flattened book is what the meta actually holds.
 */
export function flattenWeights(sleeveW: number[], sleeveAssets: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  sleeveAssets.forEach((assets, s) => {
    for (const [id, w] of Object.entries(assets)) out[id] = (out[id] ?? 0) + sleeveW[s] * w;
  });
  return out;
}
