import type { SleeveProfile } from '../profile';
import { round } from '../report/format';
import type { ArtifactWriter } from './artifact-writer';
import { selectEligible } from './eligible-selection';
import type { RebalanceEligibility } from './health';
import type { StageOutcome } from './run-stage';
import type { Rebalance } from './schedule';
import type { RebalanceSelection } from './selection';
import type { ReturnsMatrix } from './series';

/** Stage 4: each rebalance ranks its eligible assets on its own train window only. */
export function selectionStage(
  writer: ArtifactWriter,
  profile: SleeveProfile,
  matrix: ReturnsMatrix,
  schedule: Rebalance[],
  eligibility: RebalanceEligibility[],
): StageOutcome<{ selections: RebalanceSelection[] }> {
  const { trainWindow } = profile.backtest;
  const selections = selectEligible(matrix, schedule, trainWindow, { ...profile.selection, periodsPerYear: profile.backtest.periodsPerYear }, eligibility);
  writer.writeJson('data/selection.json', {
    mode: profile.selection.mode,
    topN: profile.selection.topN,
    threshold: profile.selection.threshold,
    trainWindow,
    rebalances: selections.map((s) => ({
      asOf: s.asOf,
      trainStart: s.trainStart,
      eligible: s.eligible,
      selected: s.selected.map((a, i) => ({ id: matrix.ids[a], score: round(s.scores[i], 8) })),
      ...(profile.selection.direction !== 'long' && { short: s.short.map((a, i) => ({ id: matrix.ids[a], score: round(s.shortScores[i], 8) })) }),
    })),
    ...(profile.selection.direction !== 'long' && { direction: profile.selection.direction }),
  });
  const avg = selections.reduce((acc, s) => acc + s.selected.length + s.short.length, 0) / Math.max(1, selections.length);
  const cash = selections.filter((s) => s.selected.length + s.short.length === 0).length;
  return {
    value: { selections },
    summary: `${selections.length} rebalances, ${avg.toFixed(1)} assets on average${cash ? `, ${cash} in cash` : ''}`,
    detail: { rebalances: selections.length, cash },
  };
}
