/** `projectToBounds`: the nearest (Euclidean) weights with Σ = 1 and min ≤ w ≤ max. */
import { checkVector, fail } from '../validate';
import { projectCappedSimplex } from './simplex';

// Slack for bounds given as decimals (e.g. 10 × 0.1 is 1.0000000000000002 in floating point).
export const FEASIBILITY_SLACK = 1e-12;

/**
 * Projects w onto { Σw = 1, min ≤ w_i ≤ max }: w_i' = clip(w_i − τ, min, max) with one shift τ for all,
 * so order is preserved and unconstrained weights move by the same amount. Weights that already satisfy
 * the constraints come back unchanged. Throws when no such weights exist (min·n > 1 or max·n < 1).
 */
export function projectToBounds(w: number[], min: number, max: number): number[] {
  const fn = 'projectToBounds';
  checkVector(fn, 'w', w);
  if (w.length === 0) fail(fn, 'w', w, 'a non-empty array of weights');
  if (typeof min !== 'number' || !Number.isFinite(min)) fail(fn, 'min', min, 'a finite number');
  if (typeof max !== 'number' || !Number.isFinite(max)) fail(fn, 'max', max, 'a finite number');
  if (min > max) fail(fn, 'min', min, `a value ≤ max (${max})`);
  const n = w.length;
  if (min * n > 1 + FEASIBILITY_SLACK) {
    fail(fn, 'min', min, `a value ≤ 1/${n} = ${1 / n} (${n} weights cannot sum to 1 with each ≥ ${min})`);
  }
  if (max * n < 1 - FEASIBILITY_SLACK) {
    fail(fn, 'max', max, `a value ≥ 1/${n} = ${1 / n} (${n} weights cannot sum to 1 with each ≤ ${max})`);
  }
  // Within the slack, treat an exactly-tight bound as 1/n so the projection stays well defined.
  const lo = Math.min(min, 1 / n);
  const hi = Math.max(max, 1 / n);
  return Array.from(projectCappedSimplex(w, lo, hi));
}

/**
 * The long-only engines' `maxWeight` option: a number in (0, 1] that lets n weights sum to 1. Returns the cap the
 * engine applies, max(maxWeight, 1/n) (a cap a hair below 1/n from rounding is the equal-weight point).
 */
export function checkMaxWeight(fn: string, maxWeight: unknown, n: number): number {
  if (typeof maxWeight !== 'number' || !Number.isFinite(maxWeight) || maxWeight <= 0 || maxWeight > 1) {
    fail(fn, 'maxWeight', maxWeight, 'a number in (0, 1]');
  }
  if (maxWeight * n < 1 - FEASIBILITY_SLACK) {
    fail(fn, 'maxWeight', maxWeight, `a value ≥ 1/${n} = ${1 / n} (${n} weights cannot sum to 1 with each ≤ ${maxWeight})`);
  }
  return Math.max(maxWeight, 1 / n);
}
