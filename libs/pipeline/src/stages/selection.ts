import { sharpe } from '../numerics';
import { periodsPerYear } from '../report/metrics';
import type { Rebalance } from './schedule';
import type { ReturnsMatrix } from './series';

export type SelectionMode = 'momentum' | 'sharpe';

export interface SelectionParams {
  topN: number;
  threshold: number;
  mode: SelectionMode;
}

export interface RebalanceSelection {
  t: number;
  /** last day of the train window (the decision is taken at that day's close) */
  asOf: string;
  trainStart: string;
  eligible: number;
  /** asset indices into the matrix, best score first */
  selected: number[];
  scores: number[];
}

/**
 * Ranks the assets with a complete train window ([t - trainWindow, t), nothing from t onwards) by
 * momentum (compounded return) or Sharpe ratio (annualised with 252, or 365 on a 7-day calendar), keeps those with score > threshold, best topN.
 * Ties break on the asset id so the result is deterministic. No asset passing → cash.
 */
export function selectAt(m: ReturnsMatrix, t: number, trainWindow: number, p: SelectionParams): RebalanceSelection {
  const n = m.ids.length;
  const start = t - trainWindow;
  const candidates: { a: number; score: number }[] = [];
  const column = new Array<number>(trainWindow);
  // Sharpe scores are annualised like the report's (365 on a 7-day calendar), so `threshold` means the same
  // annual Sharpe ratio for every market; the calendar is read from the train window's own dates
  const ppy = periodsPerYear(m.dates.slice(start, t));
  for (let a = 0; a < n; a++) {
    let complete = true;
    for (let d = start; d < t; d++) {
      const r = m.values[d * n + a];
      if (Number.isNaN(r)) {
        complete = false;
        break;
      }
      column[d - start] = r;
    }
    if (!complete) continue;
    let score: number;
    if (p.mode === 'momentum') {
      let eq = 1;
      for (const r of column) eq *= 1 + r;
      score = eq - 1;
    } else {
      score = sharpe(column, ppy);
    }
    if (Number.isFinite(score)) candidates.push({ a, score });
  }
  const eligible = candidates.length;
  const ranked = candidates
    .filter((c) => c.score > p.threshold)
    .sort((x, y) => y.score - x.score || (m.ids[x.a] < m.ids[y.a] ? -1 : 1))
    .slice(0, p.topN);
  return {
    t,
    asOf: m.dates[t - 1],
    trainStart: m.dates[start],
    eligible,
    selected: ranked.map((c) => c.a),
    scores: ranked.map((c) => c.score),
  };
}

export function selectAll(m: ReturnsMatrix, schedule: Rebalance[], trainWindow: number, p: SelectionParams): RebalanceSelection[] {
  return schedule.map((r) => selectAt(m, r.t, trainWindow, p));
}
