import { worstDrawdowns } from './drawdowns';
import { escapeHtml, pct } from './format';
import { returnHistogram } from './histogram';
import type { ReportModel } from './model';
import { bandColor, histogramSvg, SHORT_OPACITY, shortLabel, stackedAreaSvg } from './parity-charts';
import { ROLLING_WINDOW, rollingStats } from './rolling';
import { lineChartSvg } from './svg-chart';
import { topNBands } from './weights-history';

/** Extra CSS of the sections below (appended to the tearsheet's). */
export const PARITY_CSS = `.legend.bands i{width:10px;height:10px}.hist-note{color:var(--muted);font-size:12px;margin-top:4px}`;

/** How many assets get their own band in the weights-over-time chart. */
export const TOP_BANDS = 8;

/**
 * The quantstats-style sections of the tearsheet: rolling 63-day Sharpe and volatility, weights over time (top
 * assets + other), the five worst drawdowns, and the daily-return histogram with a normal overlay. Inline SVG only.
 */
export function paritySections(r: ReportModel): string {
  // null only for fewer than 2 returns, far below a rolling window
  const P = r.metrics.periodsPerYear;
  const out: string[] = [];
  if (P !== null && r.returns.length >= ROLLING_WINDOW) {
    const roll = rollingStats(r.returns, P);
    const bench = r.benchmark ? rollingStats(r.benchmark.returns, P) : undefined;
    const sharpeLines = [{ label: r.title, values: roll.sharpe, color: '#1f5fbf' }];
    const volLines = [{ label: r.title, values: roll.vol, color: '#1f5fbf' }];
    if (bench) {
      sharpeLines.push({ label: r.benchmark!.id, values: bench.sharpe, color: '#9aa5b1', dashed: true } as never);
      volLines.push({ label: r.benchmark!.id, values: bench.vol, color: '#9aa5b1', dashed: true } as never);
    }
    const sub = `trailing ${ROLLING_WINDOW} days, annualised with ${P}`;
    out.push(
      `<div class="grid2" style="margin-bottom:16px"><section><h2>Rolling Sharpe (${sub})</h2>${lineChartSvg({ id: 'rolling-sharpe-chart', title: 'Rolling Sharpe', dates: r.dates, lines: sharpeLines, height: 220, width: 460, tick: (v) => v.toFixed(1) })}</section>` +
        `<section><h2>Rolling volatility (${sub})</h2>${lineChartSvg({ id: 'rolling-vol-chart', title: 'Rolling volatility', dates: r.dates, lines: volLines, height: 220, width: 460, tick: (v) => `${(v * 100).toFixed(0)}%` })}</section></div>`,
    );
  }
  if (r.weightsHistory && r.weightsHistory.dates.length > 0) {
    const bands = topNBands(r.weightsHistory, TOP_BANDS);
    const legend =
      bands.labels.map((l, i) => `<i style="background:${bandColor(l, i)}"></i>${escapeHtml(l)}`).join('') +
      (bands.short?.labels.map((l, i) => `<i style="background:${bandColor(l, i)};opacity:${SHORT_OPACITY}"></i>${escapeHtml(shortLabel(l))}`).join('') ?? '');
    out.push(
      `<section><h2>${r.kind === 'meta-portfolio' ? 'Sleeve weights' : 'Weights'} over time (target weights at each rebalance, top ${TOP_BANDS} + other${bands.short ? '; short weights below zero' : ''})</h2><div class="legend bands">${legend}</div>` +
        `${stackedAreaSvg({ id: 'weights-chart', title: 'Weights over time', bands, end: r.dates[r.dates.length - 1] ?? bands.dates[bands.dates.length - 1] })}</section>`,
    );
  }
  const worst = worstDrawdowns(r.dates, r.returns, 5);
  const ddRows = worst
    .map(
      (d, i) =>
        `<tr><td class="l">${i + 1}</td><td class="l">${d.start}</td><td class="l">${d.trough}</td><td class="l">${d.recovery ?? 'not recovered'}</td><td class="neg">${pct(-d.depth)}</td><td>${d.days}</td></tr>`,
    )
    .join('');
  const ddTable = worst.length
    ? `<table id="worst-drawdowns"><thead><tr><th class="l">#</th><th class="l">Start</th><th class="l">Trough</th><th class="l">Recovery</th><th>Depth</th><th>Days</th></tr></thead><tbody>${ddRows}</tbody></table>`
    : '<p>No drawdown.</p>';
  const hist = returnHistogram(r.returns);
  const histHtml = hist
    ? `${histogramSvg({ id: 'returns-histogram', title: 'Daily returns', hist })}<div class="hist-note">${r.returns.length} days in ${hist.counts.length} bins; normal curve: mean ${pct(hist.mean, 3)}, std ${pct(hist.std, 3)}</div>`
    : '<p>Too few returns.</p>';
  out.push(
    `<div class="grid2" style="margin-bottom:16px"><section><h2>Worst drawdowns</h2>${ddTable}</section><section><h2>Daily returns</h2>${histHtml}</section></div>`,
  );
  return out.join('\n');
}
