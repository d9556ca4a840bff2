import { readPrices } from '../lakehouse';
import type { SleeveProfile } from '../profile';
import { benchmarkOnDates } from '../stages/benchmark';
import type { PipelineContext } from '../stages/context';
import type { HealthReport, summarizeEligibility } from '../stages/health';
import { weightsRecord } from '../stages/outputs';
import type { PriceSeries, ReturnsMatrix } from '../stages/series';
import type { WalkForwardResult } from '../stages/walk-forward';
import { round } from './format';
import { performanceMetrics } from './metrics';
import type { ReportModel } from './model';
import { weightsHistoryOf } from './weights-history';

export interface SleeveDataFacts {
  health: HealthReport;
  pit: ReturnType<typeof summarizeEligibility>;
  universe: PriceSeries[];
  marketOf: (id: string) => string;
}

/** The report model of a sleeve (metrics, benchmark over the same days, facts and notes) plus the extra fields of its metrics.json. */
export async function sleeveReportModel(
  ctx: PipelineContext,
  profile: SleeveProfile,
  matrix: ReturnsMatrix,
  bt: WalkForwardResult,
  facts: SleeveDataFacts,
  groupOf: (id: string) => string | undefined,
): Promise<{ model: ReportModel; extra: Record<string, unknown> }> {
  const { health, pit } = facts;
  const ppy = profile.backtest.periodsPerYear;
  const metrics = performanceMetrics(bt.dates, bt.returns, ppy);
  const notes: string[] = [];
  const extra: Record<string, unknown> = {};
  let benchmark: ReportModel['benchmark'];
  const benchId = profile.backtest.benchmark;
  if (benchId) {
    const b = (await readPrices(ctx.lakehouseDir, [benchId], profile.data.priceField)).get(benchId)!;
    const bm = benchmarkOnDates(b, [matrix.baseDate ?? matrix.dates[0], ...matrix.dates], bt.dates, facts, profile.data.maxGapDays);
    benchmark = { id: benchId, returns: bm.chart, metrics: performanceMetrics(bm.covered.dates, bm.covered.returns, ppy) };
    extra.benchmarkCoverage = bm.coverage;
    if (bm.coverage.days < bm.coverage.oosDays) {
      notes.push(
        `benchmark ${benchId} has returns on ${bm.coverage.days} of ${bm.coverage.oosDays} out-of-sample days (${bm.coverage.from ?? '-'} → ${bm.coverage.to ?? '-'}): its metrics cover those days only, the chart draws it flat elsewhere`,
      );
    }
  }
  const traded = bt.rebalances.filter((r) => !r.live);
  const live = bt.rebalances[bt.rebalances.length - 1];
  const weights = weightsRecord(matrix.ids, live.weights);
  const groups: Record<string, string> = {};
  for (const id of Object.keys(weights)) groups[id] = groupOf(id) ?? '';
  const heldWithoutBar: Record<string, number> = {};
  matrix.ids.forEach((id, a) => {
    if (bt.heldWithoutBar[a] > 0) heldWithoutBar[id] = bt.heldWithoutBar[a];
  });
  extra.dataQuality = {
    heldWithoutBar,
    cashOuts: bt.cashOuts.map((c) => ({ id: matrix.ids[c.asset], date: c.date, weight: round(c.weight) })),
    excludedAtSomeRebalance: Object.keys(pit.exclusions),
    neverEligible: pit.neverEligible,
  };
  extra.execution = { executionLag: profile.backtest.executionLag, costBps: profile.backtest.costBps, slippageBps: profile.backtest.slippageBps };
  for (const c of bt.cashOuts) notes.push(`${matrix.ids[c.asset]}: data ended, its ${(c.weight * 100).toFixed(2)}% moved to cash on ${c.date}`);
  for (const [id, spans] of Object.entries(pit.exclusions)) {
    for (const x of spans.slice(0, 2))
      notes.push(`${id}: not eligible ${x.from} → ${x.to} (${x.rebalances} rebalance${x.rebalances === 1 ? '' : 's'}): ${x.reason}`);
  }
  for (const s of health.symbols) for (const w of s.warnings) notes.push(`${s.id}: ${w}`);
  const model: ReportModel = {
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
    exposures: exposureHistory(bt),
    weightsHistory: weightsHistoryOf(matrix.ids, traded),
    rebalancing: {
      count: traded.length,
      avgTurnover: traded.reduce((a, r) => a + r.turnover, 0) / Math.max(1, traded.length),
      totalCost: traded.reduce((a, r) => a + r.cost + r.exitCost, 0),
    },
    facts: [
      ['Universe', `${health.symbols.length} symbols, ${pit.eligibleMin}–${pit.eligibleMax} eligible per rebalance (point in time)`],
      [
        'Selection',
        `${profile.selection.mode}, top ${profile.selection.topN}${profile.selection.direction === 'long_short' ? ' per side' : ''}, threshold ${profile.selection.threshold}${directionFact(profile)}`,
      ],
      ['Risk engine', `${profile.risk.engine}, max weight ${profile.risk.maxWeight}, cluster cap ${profile.risk.clusterCap}`],
      [
        'Walk-forward',
        `train ${profile.backtest.trainWindow}, test ${profile.backtest.testWindow}, step ${profile.backtest.stepSize} days, execution lag ${profile.backtest.executionLag}`,
      ],
      ['Costs', `${profile.backtest.costBps} bps${profile.backtest.slippageBps ? ` + ${profile.backtest.slippageBps} bps slippage` : ''} on turnover`],
      ['Lookback', `${profile.data.lookbackDays} days, strict health ${profile.data.strictHealth ? 'on' : 'off'}`],
    ],
    notes: notes.slice(0, 30),
  };
  return { model, extra };
}

function directionFact(p: SleeveProfile): string {
  const s = p.selection;
  if (s.direction === 'long') return '';
  if (s.direction === 'short') return ', short (bottom of the ranking)';
  return `, long/short: gross ${s.grossExposure ?? 1}, net ${s.netExposure ?? 0}`;
}

/** Long (Σ w > 0) and short (Σ w < 0) exposure of each rebalance's target weights. */
export function exposureHistory(bt: WalkForwardResult): NonNullable<ReportModel['exposures']> {
  const out: NonNullable<ReportModel['exposures']> = { dates: [], long: [], short: [] };
  for (const r of bt.rebalances) {
    let long = 0;
    let short = 0;
    for (const w of r.weights)
      if (w > 0) long += w;
      else short += w;
    out.dates.push(r.asOf);
    out.long.push(long);
    out.short.push(short);
  }
  return out;
}
