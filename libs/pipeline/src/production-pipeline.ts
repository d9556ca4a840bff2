import { join } from 'node:path';
import { AuditLedger, canonicalize } from './audit';
import { listSymbols, priceFieldSummary, readPrices, type SymbolInfo } from './lakehouse';
import { checkWindows, loadProfile, resolveUniverse, type SleeveProfile } from './profile';
import { performanceMetrics, renderMarkdown, renderTearsheet, type ReportModel } from './report';
import { round } from './report/format';
import { weightsHistoryOf } from './report/weights-history';
import { bookExposures, bookTargets, type RiskEngine } from './stages/allocation';
import { ArtifactWriter } from './stages/artifact-writer';
import type { PipelineContext } from './stages/context';
import { benchmarkOnDates } from './stages/benchmark';
import { selectEligible } from './stages/eligible-selection';
import { auditHealth, describeHealthFailures, type HealthReport, pointInTimeEligibility, summarizeEligibility } from './stages/health';
import { returnsMatrixCsv, returnsOnCalendar, sleeveCalendar } from './stages/returns-matrix';
import { runStage } from './stages/run-stage';
import { rebalanceSchedule } from './stages/schedule';
import type { RebalanceSelection } from './stages/selection';
import { type PriceSeries, type ReturnsMatrix, usablePrice } from './stages/series';
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
      throw new Error(
        `backtest.benchmark: unknown symbol ${JSON.stringify(profile.backtest.benchmark)}, expected an id listed in the lakehouse (e.g. ${symbols[0]?.id ?? 'NYSE_SPY'})`,
      );
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

  // 2. health audit: the whole-window audit (report, strictHealth) and point-in-time eligibility per rebalance
  // the trading calendar of a symbol: its market, or its exchange when the lakehouse has no catalog entry for it
  const marketOf = (id: string) => calendarGroup(infoOf.get(id));
  const { trainWindow, testWindow, stepSize, costBps, slippageBps, executionLag } = profile.backtest;
  const { health, bars, eligibility, inWindow, priceDates, schedule, pit } = await runStage(
    ctx,
    ledger,
    writer,
    step(2, 'health audit', { symbols: universe.length }),
    async () => {
      const bars = await readPrices(
        ctx.lakehouseDir,
        universe.map((u) => u.id),
        profile.data.priceField,
      );
      const d = profile.data;
      const health = auditHealth([...bars.values()], marketOf, {
        lookbackDays: d.lookbackDays,
        minDaysFloor: d.minDaysFloor,
        strictHealth: d.strictHealth,
        thresholds: { maxGapDays: d.maxGapDays, maxStaleRun: d.maxStaleDays, maxLagDays: d.maxGapDays },
      });
      if (health.failed.length > 0 && d.strictHealth) {
        writer.writeJson('data/health.json', health);
        throw new Error(
          `health audit failed for ${health.failed.length} of ${universe.length} symbols (data.strictHealth is true): ${describeHealthFailures(health)}`,
        );
      }
      const all: PriceSeries[] = [...bars.values()];
      const priceDates = sleeveCalendar(all, d.lookbackDays);
      // symbols without a usable bar inside the window can never be eligible: left out of the matrix
      const inWindow = all.filter((s) => s.dates.some((x, i) => x >= priceDates[0] && usablePrice(s.close[i])));
      const schedule = rebalanceSchedule(Math.max(0, priceDates.length - 1), trainWindow, testWindow, stepSize, executionLag);
      const rule = {
        trainWindow,
        minDaysFloor: d.minDaysFloor,
        minHistoryDays: profile.universe.minHistoryDays,
        maxGapDays: d.maxGapDays,
        maxStaleDays: d.maxStaleDays,
      };
      const eligibility = pointInTimeEligibility(
        inWindow,
        marketOf,
        priceDates,
        schedule.map((r) => r.t),
        rule,
        all,
      );
      const pit = summarizeEligibility(
        inWindow.map((s) => s.id),
        eligibility,
      );
      writer.writeJson('data/health.json', { ...health, pointInTime: { rule, symbols: inWindow.map((s) => s.id), ...pit } });
      if (eligibility.length > 0 && pit.eligibleMax === 0) {
        const why = Object.entries(pit.exclusions)
          .map(([id, spans]) => `${id}: ${spans[0].reason}`)
          .join(' | ');
        throw new Error(`health audit: no symbol of ${universe.length} is eligible at any rebalance: ${why || 'no data in the window'}`);
      }
      // Which price the returns use, recorded whenever a file had an adjusted close (absent: every symbol used close).
      const adjusted = [...bars.values()].some((b) => b.adjClose !== undefined);
      const prices = priceFieldSummary(bars.values());
      const excludedSome = Object.entries(pit.exclusions).map(([id, spans]) => `${id} (${[...new Set(spans.map((x) => x.kind))].join(', ')})`);
      return {
        value: { health, bars, eligibility, inWindow, priceDates, schedule, pit },
        summary:
          `${pit.eligibleMin}–${pit.eligibleMax} of ${inWindow.length} eligible per rebalance (${eligibility.length} rebalances)${excludedSome.length ? `, excluded at some: ${excludedSome.join(', ')}` : ''}` +
          (adjusted ? `; prices: adj_close ${prices.adj_close.length}, close ${prices.close.length}` : ''),
        detail: {
          windowAudit: { healthy: health.healthy.length, failed: health.failed },
          eligibleMin: pit.eligibleMin,
          eligibleMax: pit.eligibleMax,
          neverEligible: pit.neverEligible,
          excludedAtSome: Object.keys(pit.exclusions),
          ...(adjusted ? { priceField: prices } : {}),
        },
      };
    },
  );

  // 3. returns matrix
  const matrix = await runStage(ctx, ledger, writer, step(3, 'returns matrix'), () => {
    const matrix = returnsOnCalendar(inWindow, priceDates, { marketOf, calendarFrom: [...bars.values()], maxGapDays: profile.data.maxGapDays });
    checkWindows(profile, matrix.dates.length);
    writer.write('data/returns_matrix.csv', returnsMatrixCsv(matrix));
    return {
      value: matrix,
      summary: `${matrix.dates.length} days × ${matrix.ids.length} assets (${matrix.dates[0]} → ${matrix.dates[matrix.dates.length - 1]})`,
      detail: { days: matrix.dates.length, assets: matrix.ids.length },
    };
  });

  // 4. selection (each rebalance ranks on its own train window only)
  const { selections } = await runStage(ctx, ledger, writer, step(4, 'selection', { mode: profile.selection.mode, topN: profile.selection.topN }), () => {
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
  });

  // 5. walk-forward backtest
  const backtest = await runStage(
    ctx,
    ledger,
    writer,
    step(5, 'walk-forward backtest', { engine: profile.risk.engine, costBps, slippageBps, executionLag }),
    () => {
      const result = backtestSleeve(matrix, selections, schedule, profile, (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market ?? 'unknown');
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
    },
  );

  // 6. report
  await runStage(ctx, ledger, writer, step(6, 'report'), async () => {
    const { model, extra } = await sleeveReportModel(
      ctx,
      profile,
      matrix,
      backtest,
      { health, pit, universe: [...bars.values()], marketOf },
      (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market,
    );
    writeReports(writer, model, extra);
    return { value: undefined, summary: 'reports/tearsheet.html, reports/report.md, reports/metrics.json' };
  });
  ctx.log(`audit: artifacts/audit.jsonl head ${ledger.head}`);
}

/** The health audit's trading calendar of a symbol: its market, or, without a catalog entry (market unknown), its
 * exchange, so that a catalog-less lakehouse does not give equities crypto's weekends. */
function calendarGroup(info: SymbolInfo | undefined): string {
  if (!info) return 'unknown';
  return info.inferred ? `unknown:${info.exchange}` : info.market;
}

export function backtestSleeve(
  matrix: ReturnsMatrix,
  selections: RebalanceSelection[],
  schedule: ReturnType<typeof rebalanceSchedule>,
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

interface SleeveDataFacts {
  health: HealthReport;
  pit: ReturnType<typeof summarizeEligibility>;
  universe: PriceSeries[];
  marketOf: (id: string) => string;
}

async function sleeveReportModel(
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

/** metrics.json, report.md and tearsheet.html from one report model (shared with the meta pipeline). */
export function writeReports(writer: ArtifactWriter, model: ReportModel, extra: Record<string, unknown> = {}): void {
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
      exposure: liveExposure(model.weights),
      ...extra,
    }),
  );
  writer.write('reports/report.md', renderMarkdown(model));
  writer.write('reports/tearsheet.html', renderTearsheet(model));
}

/** Long, short (≤ 0), net and gross exposure of a weights record. */
export function liveExposure(weights: Record<string, number>): { long: number | null; short: number | null; net: number | null; gross: number | null } {
  let long = 0;
  let short = 0;
  for (const w of Object.values(weights))
    if (w > 0) long += w;
    else short += w;
  return { long: round(long), short: round(short), net: round(long + short), gross: round(long - short) };
}
