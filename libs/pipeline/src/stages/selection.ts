import { sharpe } from '../numerics';
import { annualisationFactor } from '../report/metrics';
import type { ReturnsMatrix } from './series';

import type { SelectionMode } from '@nx-sleeves/contracts';
export type { SelectionMode };

export interface SelectionParams {
  topN: number;
  threshold: number;
  mode: SelectionMode;
  /** long (default): the top of the ranking; short: the bottom; long_short: both tails, topN each */
  direction?: 'long' | 'short' | 'long_short';
  /** backtest.periodsPerYear when declared (annualises Sharpe scores like the report) */
  periodsPerYear?: number;
}

export interface RebalanceSelection {
  t: number;
  /** last day of the train window (the decision is taken at that day's close) */
  asOf: string;
  trainStart: string;
  eligible: number;
  /** the long book: asset indices into the matrix, best score first */
  selected: number[];
  scores: number[];
  /** the short book: asset indices, lowest score first (empty unless direction is short or long_short) */
  short: number[];
  shortScores: number[];
}

/**
 * Ranks the assets with a complete train window ([t - trainWindow, t), nothing from t onwards) by
 * momentum (compounded return) or Sharpe ratio (annualised with the report's factor: backtest.periodsPerYear,
 * else the periods per year observed in the train window's dates). Long book: score > threshold, highest
 * topN. Short book (direction short / long_short): the inverse signal −score > threshold, i.e.
 * score < −threshold, lowest topN, never an asset already in the long book. Ties break on the asset id so
 * the result is deterministic. No asset passing → that book is empty (cash). With `include`, only the assets
 * with a non-zero entry are ranked (the others are treated like an incomplete window).
 */
export function selectAt(m: ReturnsMatrix, t: number, trainWindow: number, p: SelectionParams, include?: ArrayLike<number>): RebalanceSelection {
  const n = m.ids.length;
  const start = t - trainWindow;
  const candidates: { a: number; score: number }[] = [];
  const momentum = p.mode === 'momentum';
  const column = momentum ? [] : new Array<number>(trainWindow);
  // Sharpe scores are annualised like the report's, so `threshold` means the same annual Sharpe ratio for
  // every market; the calendar is read from the train window's own dates (no look-ahead)
  const ppy = annualisationFactor(m.dates.slice(start, t), p.periodsPerYear);
  for (let a = 0; a < n; a++) {
    if (include && !include[a]) continue; // the same as an incomplete window
    // NaN: an incomplete window (an unknown return in it)
    const score = momentum ? compounded(m.values, n, a, start, t) - 1 : copyColumn(m.values, n, a, start, t, column) ? sharpe(column, ppy) : NaN;
    if (Number.isNaN(score)) continue;
    if (Number.isFinite(score)) candidates.push({ a, score });
  }
  const eligible = candidates.length;
  const direction = p.direction ?? 'long';
  const byId = (x: { a: number }, y: { a: number }) => (m.ids[x.a] < m.ids[y.a] ? -1 : 1);
  const ranked =
    direction === 'short'
      ? []
      : candidates
          .filter((c) => c.score > p.threshold)
          .sort((x, y) => y.score - x.score || byId(x, y))
          .slice(0, p.topN);
  const inLong = new Set(ranked.map((c) => c.a));
  const shorts =
    direction === 'long'
      ? []
      : candidates
          .filter((c) => -c.score > p.threshold && !inLong.has(c.a))
          .sort((x, y) => x.score - y.score || byId(x, y))
          .slice(0, p.topN);
  return {
    t,
    asOf: m.dates[t - 1],
    trainStart: m.dates[start],
    eligible,
    selected: ranked.map((c) => c.a),
    scores: ranked.map((c) => c.score),
    short: shorts.map((c) => c.a),
    shortScores: shorts.map((c) => c.score),
  };
}

/**
 * Π (1 + r) of column `a` over rows [start, t), in row order; NaN when a return is unknown. Small hot loops in
 * functions of their own: V8 optimises them after a few calls, so the doubles stop being boxed on the heap.
 */
function compounded(values: Float64Array, n: number, a: number, start: number, t: number): number {
  let eq = 1;
  for (let d = start; d < t; d++) {
    const r = values[d * n + a];
    if (Number.isNaN(r)) return NaN;
    eq *= 1 + r;
  }
  return eq;
}

/** Copies column `a` over rows [start, t) into `out`; false when a return is unknown. */
function copyColumn(values: Float64Array, n: number, a: number, start: number, t: number, out: number[]): boolean {
  for (let d = start; d < t; d++) {
    const r = values[d * n + a];
    if (Number.isNaN(r)) return false;
    out[d - start] = r;
  }
  return true;
}
