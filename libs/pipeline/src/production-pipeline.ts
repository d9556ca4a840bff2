import { weightsHistoryOf } from './report/weights-history';
import { join } from 'node:path';
import { AuditLedger, canonicalize } from './audit';
import { listSymbols, readMany } from './lakehouse';
import { checkWindows, loadProfile, resolveUniverse, type SleeveProfile } from './profile';
import { performanceMetrics, renderMarkdown, renderTearsheet, type ReportModel } from './report';
import { round } from './report/format';
import { applyClusterCap, engineWeights, type RiskEngine } from './stages/allocation';
import { ArtifactWriter } from './stages/artifact-writer';
import type { PipelineContext } from './stages/context';
import { auditHealth, describeHealthFailures, type HealthReport } from './stages/health';
import { buildReturnsMatrix, returnsMatrixCsv, returnsOnCalendar } from './stages/returns-matrix';
import { runStage } from './stages/run-stage';
import { rebalanceSchedule } from './stages/schedule';
import { selectAll, type RebalanceSelection } from './stages/selection';
import type { ReturnsMatrix } from './stages/series';
import { oosReturnsCsv, weightsHistoryCsv, weightsRecord } from './stages/outputs';
import { walkForward, type WalkForwardResult } from './stages/walk-forward';

const STAGES = 6;

/**
 * The production pipeline (contracts.md): profile → health → returns → selection → walk-forward
 * backtest → report, every stage audited in `audit.jsonl`. Deterministic: the same profile and data
 * give byte-identical artifacts.
 */
export async function run(ctx: PipelineContext): Promise<void> {
  const writer = new ArtifactWriter(ctx.artifactsDir);
  const ledger = new AuditLedger(join(ctx.artifactsDir, 'audit.jsonl'));
  const step = (index: number, name: string, intent?: Record<string, unknown>) => ({ index, total: STAGES, name, intent });

  // 1. resolve profile
  const { profile, universe } = await runStage(ctx, ledger, writer, step(1, 'resolve profile'), () => {
    const profile = loadProfile({ workspaceRoot: ctx.workspaceRoot, projectRoot: ctx.projectRoot, env: ctx.env });
    const symbols = listSymbols(ctx.lakehouseDir);
    const universe = resolveUniverse(profile, symbols);
    if (profile.backtest.benchmark && !symbols.some((s) => s.id === profile.backtest.benchmark)) {
      throw new Error(`backtest.benchmark: unknown symbol ${JSON.stringify(profile.backtest.benchmark)}, expected an id listed in the lakehouse (e.g. ${symbols[0]?.id ?? 'NYSE_SPY'})`);
    }
    writer.writeJson('config/resolved_profile.json', {
      profile,
      runId: ctx.runId,
      universe: universe.map((u) => ({ id: u.id, market: u.market, assetClass: u.assetClass, sector: u.sector })),
    });
    return {
      value: { profile, universe },
      summary: `${profile.name}: ${universe.length} symbols, ${profile.risk.engine}, ${profile.selection.mode} top ${profile.selection.topN}`,
      detail: { profile: profile.name, universe: universe.length },
    };
  });
  const infoOf = new Map(universe.map((u) => [u.id, u]));

  // 2. health audit
  const { health, bars } = await runStage(ctx, ledger, writer, step(2, 'health audit', { symbols: universe.length }), async () => {
    const bars = await readMany(ctx.lakehouseDir, universe.map((u) => u.id));
    const health = auditHealth([...bars.values()], (id) => infoOf.get(id)?.market ?? 'unknown', {
      lookbackDays: profile.data.lookbackDays,
      minDaysFloor: profile.data.minDaysFloor,
      strictHealth: profile.data.strictHealth,
    });
    writer.writeJson('data/health.json', health);
    if (health.failed.length > 0 && profile.data.strictHealth) {
      throw new Error(`health audit failed for ${health.failed.length} of ${universe.length} symbols (data.strictHealth is true): ${describeHealthFailures(health)}`);
    }
    if (health.healthy.length === 0) throw new Error(`health audit: no healthy symbol left of ${universe.length}: ${describeHealthFailures(health)}`);
    return {
      value: { health, bars },
      summary: `${health.healthy.length}/${universe.length} healthy${health.failed.length ? `, excluded ${health.failed.join(', ')}` : ''}`,
      detail: { healthy: health.healthy.length, failed: health.failed },
    };
  });

  // 3. returns matrix
  const matrix = await runStage(ctx, ledger, writer, step(3, 'returns matrix'), () => {
    const series = health.healthy.map((id) => bars.get(id)!);
    const matrix = buildReturnsMatrix(series, profile.data.lookbackDays);
    checkWindows(profile, matrix.dates.length);
    writer.write('data/returns_matrix.csv', returnsMatrixCsv(matrix));
    return {
      value: matrix,
      summary: `${matrix.dates.length} days × ${matrix.ids.length} assets (${matrix.dates[0]} → ${matrix.dates[matrix.dates.length - 1]})`,
      detail: { days: matrix.dates.length, assets: matrix.ids.length },
    };
  });

  // 4. selection (each rebalance ranks on its own train window only)
  const { trainWindow, testWindow, stepSize, costBps } = profile.backtest;
  const { schedule, selections } = await runStage(ctx, ledger, writer, step(4, 'selection', { mode: profile.selection.mode, topN: profile.selection.topN }), () => {
    const schedule = rebalanceSchedule(matrix.dates.length, trainWindow, testWindow, stepSize);
    const selections = selectAll(matrix, schedule, trainWindow, profile.selection);
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
      })),
    });
    const avg = selections.reduce((acc, s) => acc + s.selected.length, 0) / Math.max(1, selections.length);
    const cash = selections.filter((s) => s.selected.length === 0).length;
    return { value: { schedule, selections }, summary: `${selections.length} rebalances, ${avg.toFixed(1)} assets on average${cash ? `, ${cash} in cash` : ''}`, detail: { rebalances: selections.length, cash } };
  });

  // 5. walk-forward backtest
  const backtest = await runStage(ctx, ledger, writer, step(5, 'walk-forward backtest', { engine: profile.risk.engine, costBps }), () => {
    const result = backtestSleeve(matrix, selections, schedule, profile, (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market ?? 'unknown');
    writer.write('data/weights_history.csv', weightsHistoryCsv(matrix.ids, result.rebalances));
    writer.write('data/oos_returns.csv', oosReturnsCsv(result.dates, result.returns));
    const live = result.rebalances[result.rebalances.length - 1];
    writer.writeJson('data/weights.json', weightsRecord(matrix.ids, live.weights));
    const m = performanceMetrics(result.dates, result.returns);
    return {
      value: result,
      summary: `${result.dates.length} out-of-sample days, Sharpe ${m.sharpe?.toFixed(2) ?? 'n/a'}, CAGR ${m.cagr === null ? 'n/a' : (m.cagr * 100).toFixed(2) + '%'}`,
      detail: { oosDays: result.dates.length },
    };
  });

  // 6. report
  await runStage(ctx, ledger, writer, step(6, 'report'), async () => {
    const model = await sleeveReportModel(ctx, profile, matrix, backtest, health, (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market);
    writeReports(writer, model);
    return { value: undefined, summary: 'reports/tearsheet.html, reports/report.md, reports/metrics.json' };
  });
  ctx.log(`audit: artifacts/audit.jsonl head ${ledger.head}`);
}

export function backtestSleeve(
  matrix: ReturnsMatrix,
  selections: RebalanceSelection[],
  schedule: ReturnType<typeof rebalanceSchedule>,
  profile: SleeveProfile,
  clusterOf: (id: string) => string,
): WalkForwardResult {
  const n = matrix.ids.length;
  const { trainWindow, costBps } = profile.backtest;
  return walkForward(matrix, schedule, costBps, (r, k) => {
    const target = new Float64Array(n);
    const sel = selections[k].selected;
    if (sel.length === 0) return target;
    const window: number[][] = [];
    for (let d = r.t - trainWindow; d < r.t; d++) {
      const row = new Array<number>(sel.length);
      for (let j = 0; j < sel.length; j++) row[j] = matrix.values[d * n + sel[j]];
      window.push(row);
    }
    let w = engineWeights(profile.risk.engine as RiskEngine, window, profile.risk.maxWeight);
    if (profile.risk.clusterCap > 0 && profile.risk.clusterCap < 1) {
      w = applyClusterCap(w, sel.map((a) => clusterOf(matrix.ids[a])), profile.risk.clusterCap, profile.risk.maxWeight).weights;
    }
    sel.forEach((a, j) => (target[a] = w[j]));
    return target;
  });
}

async function sleeveReportModel(
  ctx: PipelineContext,
  profile: SleeveProfile,
  matrix: ReturnsMatrix,
  bt: WalkForwardResult,
  health: HealthReport,
  groupOf: (id: string) => string | undefined,
): Promise<ReportModel> {
  const metrics = performanceMetrics(bt.dates, bt.returns);
  let benchmark: ReportModel['benchmark'];
  const benchId = profile.backtest.benchmark;
  if (benchId) {
    const b = (await readMany(ctx.lakehouseDir, [benchId])).get(benchId)!;
    const cal = returnsOnCalendar([b], [matrix.baseDate ?? matrix.dates[0], ...matrix.dates]);
    const byDate = new Map(cal.dates.map((d, i) => [d, cal.values[i]]));
    const returns = bt.dates.map((d) => {
      const v = byDate.get(d);
      return v === undefined || Number.isNaN(v) ? 0 : v;
    });
    benchmark = { id: benchId, returns, metrics: performanceMetrics(bt.dates, returns) };
  }
  const traded = bt.rebalances.filter((r) => !r.live);
  const live = bt.rebalances[bt.rebalances.length - 1];
  const weights = weightsRecord(matrix.ids, live.weights);
  const groups: Record<string, string> = {};
  for (const id of Object.keys(weights)) groups[id] = groupOf(id) ?? '';
  const notes: string[] = [];
  for (const s of health.symbols) if (!s.ok) notes.push(`excluded ${s.id}: ${s.failures.join('; ')}`);
  for (const s of health.symbols) for (const w of s.warnings) notes.push(`${s.id}: ${w}`);
  return {
    kind: 'sleeve',
    title: profile.name,
    description: profile.description,
    runId: ctx.runId,
    dates: bt.dates,
    returns: bt.returns,
    metrics,
    benchmark,
    weights,
    groups,
    weightsHistory: weightsHistoryOf(matrix.ids, traded),
    rebalancing: {
      count: traded.length,
      avgTurnover: traded.reduce((a, r) => a + r.turnover, 0) / Math.max(1, traded.length),
      totalCost: traded.reduce((a, r) => a + r.cost, 0),
    },
    facts: [
      ['Universe', `${health.symbols.length} symbols (${health.healthy.length} healthy)`],
      ['Selection', `${profile.selection.mode}, top ${profile.selection.topN}, threshold ${profile.selection.threshold}`],
      ['Risk engine', `${profile.risk.engine}, max weight ${profile.risk.maxWeight}, cluster cap ${profile.risk.clusterCap}`],
      ['Walk-forward', `train ${profile.backtest.trainWindow}, test ${profile.backtest.testWindow}, step ${profile.backtest.stepSize} days`],
      ['Costs', `${profile.backtest.costBps} bps on turnover`],
      ['Lookback', `${profile.data.lookbackDays} days, strict health ${profile.data.strictHealth ? 'on' : 'off'}`],
    ],
    notes: notes.slice(0, 30),
  };
}

/** metrics.json, report.md and tearsheet.html from one report model (shared with the meta pipeline). */
export function writeReports(writer: ArtifactWriter, model: ReportModel): void {
  writer.writeJson(
    'reports/metrics.json',
    canonicalize({
      kind: model.kind,
      name: model.title,
      runId: model.runId,
      strategy: model.metrics,
      benchmark: model.benchmark ? { id: model.benchmark.id, ...model.benchmark.metrics } : undefined,
      rebalancing: {
        count: model.rebalancing.count,
        avgTurnover: round(model.rebalancing.avgTurnover),
        totalCost: round(model.rebalancing.totalCost),
      },
      holdings: Object.keys(model.weights).length,
    }),
  );
  writer.write('reports/report.md', renderMarkdown(model));
  writer.write('reports/tearsheet.html', renderTearsheet(model));
}

