import type { RebalanceEligibility } from './health';
import type { Rebalance } from './schedule';
import { selectAt } from './selection';
import type { ReturnsMatrix } from './series';

/**
 * Selection restricted to the point-in-time eligible symbols: each rebalance ranks its own train window
 * with the ineligible columns left out, exactly as if they were unknown (NaN: `selectAt` needs a complete
 * window). `selectAt` reads rows [t − trainWindow, t) only: no look-ahead.
 */
export function selectEligible(
  m: ReturnsMatrix,
  schedule: Rebalance[],
  trainWindow: number,
  p: Parameters<typeof selectAt>[3],
  eligibility: RebalanceEligibility[],
): ReturnType<typeof selectAt>[] {
  return schedule.map((r, k) => selectAt(m, r.t, trainWindow, p, eligibility[k].eligible));
}
