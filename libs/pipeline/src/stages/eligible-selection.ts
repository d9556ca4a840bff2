import type { RebalanceEligibility } from './health';
import type { Rebalance } from './schedule';
import { selectAt } from './selection';
import type { ReturnsMatrix } from './series';

/**
 * Selection restricted to the point-in-time eligible symbols: each rebalance ranks a copy of its own
 * train window in which the ineligible columns are unknown (NaN), so `selectAt` (which needs a
 * complete window) skips them. Nothing from t onwards is copied: no look-ahead.
 */
export function selectEligible(
  m: ReturnsMatrix,
  schedule: Rebalance[],
  trainWindow: number,
  p: Parameters<typeof selectAt>[3],
  eligibility: RebalanceEligibility[],
): ReturnType<typeof selectAt>[] {
  const n = m.ids.length;
  return schedule.map((r, k) => {
    const ok = eligibility[k].eligible;
    const start = r.t - trainWindow;
    const values = m.values.slice(start * n, r.t * n);
    for (let a = 0; a < n; a++) {
      if (ok[a]) continue;
      for (let d = 0; d < trainWindow; d++) values[d * n + a] = NaN;
    }
    const window: ReturnsMatrix = { dates: m.dates.slice(start, r.t), ids: m.ids, values };
    return { ...selectAt(window, trainWindow, trainWindow, p), t: r.t };
  });
}
