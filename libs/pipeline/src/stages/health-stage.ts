import { priceFieldSummary, readPrices, type SymbolInfo } from '../lakehouse';
import type { SleeveProfile } from '../profile';
import type { ArtifactWriter } from './artifact-writer';
import type { PipelineContext } from './context';
import { auditHealth, describeHealthFailures, pointInTimeEligibility, summarizeEligibility } from './health';
import { sleeveCalendar } from './returns-matrix';
import { rebalanceSchedule } from './schedule';
import { type PriceSeries, usablePrice } from './series';

/** The health audit's trading calendar of a symbol: its market, or, without a catalog entry (market unknown), its
 * exchange, so that a catalog-less lakehouse does not give equities crypto's weekends. */
export function calendarGroup(info: SymbolInfo | undefined): string {
  if (!info) return 'unknown';
  return info.inferred ? `unknown:${info.exchange}` : info.market;
}

/**
 * Stage 2: the whole-window audit (report, strictHealth) and point-in-time eligibility per rebalance;
 * also the sleeve's calendar, the symbols with a usable bar in it and the walk-forward schedule.
 */
export async function healthStage(
  ctx: PipelineContext,
  writer: ArtifactWriter,
  profile: SleeveProfile,
  universe: SymbolInfo[],
  marketOf: (id: string) => string,
) {
  const { trainWindow, testWindow, stepSize, executionLag } = profile.backtest;
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
}
