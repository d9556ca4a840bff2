import type { SleeveProfile } from '../profile';
import { performanceMetrics } from '../report/metrics';
import { bookExposures, bookTargets, type RiskEngine } from './allocation';
import type { ArtifactWriter } from './artifact-writer';
import { oosReturnsCsv, weightsHistoryCsv, weightsRecord } from './outputs';
import type { StageOutcome } from './run-stage';
import type { Rebalance } from './schedule';
import type { RebalanceSelection } from './selection';
import type { ReturnsMatrix } from './series';
import { walkForward, type WalkForwardResult } from './walk-forward';

/** Stage 5: the walk-forward backtest and its files (weights history, out-of-sample returns, live weights). */
export function backtestStage(
  writer: ArtifactWriter,
  profile: SleeveProfile,
  matrix: ReturnsMatrix,
  selections: RebalanceSelection[],
  schedule: Rebalance[],
  clusterOf: (id: string) => string,
): StageOutcome<WalkForwardResult> {
  const result = backtestSleeve(matrix, selections, schedule, profile, clusterOf);
  writer.write('data/weights_history.csv', weightsHistoryCsv(matrix.ids, result.rebalances));
  writer.write('data/oos_returns.csv', oosReturnsCsv(result.dates, result.returns));
  const live = result.rebalances[result.rebalances.length - 1];
  writer.writeJson('data/weights.json', weightsRecord(matrix.ids, live.weights));
  const m = performanceMetrics(result.dates, result.returns, profile.backtest.periodsPerYear);
  return {
    value: result,
    summary: `${result.dates.length} out-of-sample days, Sharpe ${m.sharpe?.toFixed(2) ?? 'n/a'}, CAGR ${m.cagr === null ? 'n/a' : (m.cagr * 100).toFixed(2) + '%'}`,
    detail: { oosDays: result.dates.length },
  };
}

export function backtestSleeve(
  matrix: ReturnsMatrix,
  selections: RebalanceSelection[],
  schedule: Rebalance[],
  profile: SleeveProfile,
  clusterOf: (id: string) => string,
): WalkForwardResult {
  const { trainWindow, costBps, slippageBps } = profile.backtest;
  const exposure = bookExposures(profile.selection);
  const risk = { ...profile.risk, engine: profile.risk.engine as RiskEngine };
  return walkForward(
    matrix,
    schedule,
    costBps,
    (r, k) =>
      bookTargets(
        matrix,
        r.t,
        trainWindow,
        [
          { assets: selections[k].selected, sign: 1, exposure: exposure.long },
          { assets: selections[k].short, sign: -1, exposure: exposure.short },
        ],
        risk,
        clusterOf,
      ),
    { slippageBps },
  );
}
