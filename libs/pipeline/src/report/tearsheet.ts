import { escapeHtml, num, pct } from './format';
import { drawdownCurve, equityCurve, monthlyReturns } from './metrics';
import type { ReportModel } from './model';
import { lineChartSvg } from './svg-chart';
import { PARITY_CSS, paritySections } from './tearsheet-parity';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#1f5fbf;--neg:#c0392b;--pos:#1e8449}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:#102a43;color:#fff;padding:22px 32px}header h1{margin:0;font-size:22px;font-weight:600}
header .sub{color:#bcccdc;margin-top:4px}header .tag{display:inline-block;background:#243b53;color:#d9e2ec;border-radius:3px;padding:1px 8px;font-size:12px;margin-right:6px;text-transform:uppercase;letter-spacing:.04em}
main{max-width:1000px;margin:0 auto;padding:20px 24px 40px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin-bottom:18px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px}.kpi .l{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.05em}
.kpi .v{font-size:20px;font-weight:600;margin-top:2px;font-variant-numeric:tabular-nums}.kpi .b{color:var(--muted);font-size:11px}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 18px;margin-bottom:16px}
section h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 10px;font-weight:600}
.legend{font-size:12px;color:var(--muted);margin:-4px 0 6px}.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin:0 5px 0 12px}
svg.chart{display:block}svg .grid{stroke:#eef0f3;stroke-width:1}svg .frame{stroke:#d3d8de}svg .tick{fill:#7b8794;font-size:11px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;text-align:right;border-bottom:1px solid var(--line);white-space:nowrap}
th{color:var(--muted);font-weight:600;font-size:12px}td.l,th.l{text-align:left}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}.grid2 section{margin-bottom:0}
.bar-cell{width:35%}.bar{display:inline-block;height:9px;background:var(--accent);border-radius:2px;vertical-align:middle;opacity:.8}
.bar-short{background:var(--neg)}.exposure{margin:0 0 8px;color:var(--muted)}
.pos{color:var(--pos)}.neg{color:var(--neg)}
table.heat td{font-size:12px;padding:3px 5px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 16px;margin:0}dt{color:var(--muted)}dd{margin:0}
ul.notes{margin:0;padding-left:18px;color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:18px}
`;

function heatColor(v: number | null): string {
  if (v === null) return '';
  const a = Math.min(1, Math.abs(v) / 0.08);
  const alpha = (0.08 + 0.5 * a).toFixed(2);
  return v >= 0 ? `background:rgba(30,132,73,${alpha})` : `background:rgba(192,57,43,${alpha})`;
}

/** '-0.0' → '0.0' (a tiny negative rounds to zero). */
function noNegZero(s: string): string {
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

function signed(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  return v >= 0 ? 'pos' : 'neg';
}

/** A self-contained HTML tearsheet: inline CSS and SVG, no script, no network. */
export function renderTearsheet(r: ReportModel): string {
  const m = r.metrics;
  const b = r.benchmark?.metrics;
  const kpi = (label: string, v: string, bench?: string) =>
    `<div class="kpi"><div class="l">${label}</div><div class="v">${v}</div>${bench !== undefined ? `<div class="b">benchmark ${bench}</div>` : ''}</div>`;
  const kpis = [
    kpi('CAGR', pct(m.cagr), b ? pct(b.cagr) : undefined),
    kpi('Sharpe', num(m.sharpe), b ? num(b.sharpe) : undefined),
    kpi('Volatility', pct(m.annualVol), b ? pct(b.annualVol) : undefined),
    kpi('Max drawdown', pct(m.maxDrawdown), b ? pct(b.maxDrawdown) : undefined),
    kpi('Sortino', num(m.sortino), b ? num(b.sortino) : undefined),
    kpi('Calmar', num(m.calmar), b ? num(b.calmar) : undefined),
  ].join('');

  const strategyColor = '#1f5fbf';
  const benchColor = '#9aa5b1';
  const eqLines = [{ label: r.title, values: equityCurve(r.returns), color: strategyColor }];
  if (r.benchmark) eqLines.push({ label: r.benchmark.id, values: equityCurve(r.benchmark.returns), color: benchColor, dashed: true } as never);
  const equity = lineChartSvg({ id: 'equity-chart', title: 'Equity curve', dates: r.dates, lines: eqLines, tick: (v) => `${v.toFixed(2)}x` });
  const ddLines = [{ label: r.title, values: drawdownCurve(r.returns), color: '#c0392b', area: true }];
  const drawdown = lineChartSvg({
    id: 'drawdown-chart',
    title: 'Drawdown',
    dates: r.dates,
    lines: ddLines,
    height: 190,
    zeroTop: true,
    tick: (v) => `${noNegZero((v * 100).toFixed(0))}%`,
  });
  const legend = `<div class="legend"><i style="background:${strategyColor}"></i>${escapeHtml(r.title)}${r.benchmark ? `<i style="background:${benchColor}"></i>${escapeHtml(r.benchmark.id)} (benchmark)` : ''}</div>`;

  // longs first (largest first), then shorts (largest |w| first); a short's bar is red
  const entries = sortedWeights(r.weights);
  const maxW = Math.max(...entries.map((e) => Math.abs(e[1])), 1e-12);
  const ex = exposureOf(r.weights);
  const weightRows = entries
    .slice(0, 20)
    .map(
      ([id, w]) =>
        `<tr${w < 0 ? ' class="short"' : ''}><td class="l">${escapeHtml(id)}</td>${r.groups ? `<td class="l">${escapeHtml(r.groups[id] ?? '')}</td>` : ''}<td${w < 0 ? ' class="neg"' : ''}>${pct(w)}</td><td class="l bar-cell"><span class="bar${w < 0 ? ' bar-short' : ''}" style="width:${((Math.abs(w) / maxW) * 100).toFixed(0)}%"></span></td></tr>`,
    )
    .join('');
  const more =
    entries.length > 20
      ? `<tr><td class="l" colspan="4">… ${entries.length - 20} more (${pct(entries.slice(20).reduce((a, e) => a + e[1], 0))} net) in data/weights.json</td></tr>`
      : '';
  const exposureLine =
    ex.short < 0
      ? `<p class="exposure" id="exposure">Long ${pct(ex.long)} · Short ${pct(ex.short)} · Net ${pct(ex.long + ex.short)} · Gross ${pct(ex.long - ex.short)}</p>`
      : '';
  const weightsTable = entries.length
    ? `${exposureLine}<table><thead><tr><th class="l">Asset</th>${r.groups ? '<th class="l">Group</th>' : ''}<th>Weight</th><th></th></tr></thead><tbody>${weightRows}${more}</tbody></table>`
    : '<p>Cash: no asset passed the selection at the last rebalance.</p>';
  const anyShort = r.exposures?.short.some((x) => x < 0) ?? false;
  const exposureChart =
    anyShort && r.exposures
      ? `<section><h2>Exposure at each rebalance (long, short, net)</h2><div class="legend"><i style="background:#1e8449"></i>long<i style="background:#c0392b"></i>short<i style="background:#1f5fbf"></i>net</div>${lineChartSvg(
          {
            id: 'exposure-chart',
            title: 'Exposure',
            dates: r.exposures.dates,
            lines: [
              { label: 'long', values: r.exposures.long, color: '#1e8449' },
              { label: 'short', values: r.exposures.short, color: '#c0392b' },
              { label: 'net', values: r.exposures.long.map((l, i) => l + r.exposures!.short[i]), color: '#1f5fbf', dashed: true },
            ],
            height: 170,
            tick: (v) => `${noNegZero((v * 100).toFixed(0))}%`,
          },
        )}</section>`
      : '';

  const allocation = r.allocation
    ? `<section><h2>Sleeve allocation</h2><table><thead><tr><th class="l">Sleeve</th><th class="l">Project</th><th>Weight</th><th>Sleeve Sharpe</th></tr></thead><tbody>${r.allocation
        .map(
          (a) => `<tr><td class="l">${escapeHtml(a.id)}</td><td class="l">${escapeHtml(a.project)}</td><td>${pct(a.weight)}</td><td>${num(a.sharpe)}</td></tr>`,
        )
        .join('')}</tbody></table></section>`
    : '';

  const monthly = monthlyReturns(r.dates, r.returns);
  const heatRows = Object.keys(monthly)
    .sort()
    .map((y) => {
      let year = 1;
      let any = false;
      const cells = monthly[y]
        .map((v) => {
          if (v !== null) {
            year *= 1 + v;
            any = true;
          }
          return `<td style="${heatColor(v)}">${v === null ? '' : noNegZero((v * 100).toFixed(1))}</td>`;
        })
        .join('');
      const yr = any ? year - 1 : null;
      return `<tr><td class="l">${y}</td>${cells}<td class="${signed(yr)}"><b>${yr === null ? '' : (yr * 100).toFixed(1)}</b></td></tr>`;
    })
    .join('');
  const heat = `<table class="heat"><thead><tr><th class="l">%</th>${MONTHS.map((x) => `<th>${x}</th>`).join('')}<th>Year</th></tr></thead><tbody>${heatRows}</tbody></table>`;

  const statRows: [string, string, string?][] = [
    ['Period', `${m.start} → ${m.end}`],
    ['Return days', String(m.days)],
    ['Years (calendar)', num(m.years)],
    [
      'Periods per year',
      m.periodsPerYear !== null && m.observedPeriodsPerYear !== null && Math.abs(m.periodsPerYear - m.observedPeriodsPerYear) > 1e-9
        ? `${num(m.periodsPerYear, 1)} (declared; observed ${num(m.observedPeriodsPerYear, 1)})`
        : num(m.periodsPerYear, 1),
    ],
    ['Total return', pct(m.totalReturn), b ? pct(b.totalReturn) : undefined],
    ['Best day', pct(m.bestDay), b ? pct(b.bestDay) : undefined],
    ['Worst day', pct(m.worstDay), b ? pct(b.worstDay) : undefined],
    ['Positive days', pct(m.hitRate, 1), b ? pct(b.hitRate, 1) : undefined],
    ['Rebalances', String(r.rebalancing.count)],
    ['Avg turnover / rebalance', pct(r.rebalancing.avgTurnover)],
    ['Total costs', pct(r.rebalancing.totalCost)],
  ];
  const stats = `<table><thead><tr><th class="l"></th><th>Strategy</th>${b ? '<th>Benchmark</th>' : ''}</tr></thead><tbody>${statRows
    .map(([k, v, bv]) => `<tr><td class="l">${k}</td><td>${v}</td>${b ? `<td>${bv ?? ''}</td>` : ''}</tr>`)
    .join('')}</tbody></table>`;
  const facts = `<dl>${r.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const notes = r.notes.length ? `<section><h2>Notes</h2><ul class="notes">${r.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>` : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(r.title)} · tearsheet</title><style>${CSS}${PARITY_CSS}</style></head>
<body><header><span class="tag">${r.kind}</span><span class="tag">run ${escapeHtml(r.runId)}</span><h1>${escapeHtml(r.title)}</h1><div class="sub">${escapeHtml(r.description ?? '')} · out-of-sample ${m.start} → ${m.end}</div></header>
<main><div class="kpis">${kpis}</div>
<section><h2>Equity (growth of 1, out of sample, after costs)</h2>${legend}${equity}</section>
<section><h2>Drawdown</h2>${drawdown}</section>
${exposureChart}
${paritySections(r)}
${allocation}
<div class="grid2"><section><h2>Latest weights</h2>${weightsTable}</section><section><h2>Statistics</h2>${stats}<h2 style="margin-top:16px">Configuration</h2>${facts}</section></div>
<section style="margin-top:16px"><h2>Monthly returns</h2>${heat}</section>
${notes}
<footer>nx-sleeves · ${escapeHtml(r.kind)} ${escapeHtml(r.title)} · data through ${escapeHtml(m.end)}</footer></main></body></html>
`;
}

/** Non-zero weights: longs by weight descending, then shorts by |weight| descending (ties by id). */
export function sortedWeights(weights: Record<string, number>): [string, number][] {
  const byId = (x: [string, number], y: [string, number]) => (x[0] < y[0] ? -1 : 1);
  const e = Object.entries(weights);
  return [...e.filter(([, w]) => w > 0).sort((x, y) => y[1] - x[1] || byId(x, y)), ...e.filter(([, w]) => w < 0).sort((x, y) => x[1] - y[1] || byId(x, y))];
}

/** Σ of the positive and Σ of the negative weights. */
export function exposureOf(weights: Record<string, number>): { long: number; short: number } {
  let long = 0;
  let short = 0;
  for (const w of Object.values(weights))
    if (w > 0) long += w;
    else short += w;
  return { long, short };
}
