import { escapeHtml, num, pct } from '../report/format';
import { allocationTrees, compareRuns, correlationMatrix, sparklinePoints, type EntryDelta, type TreeNode } from './analysis';
import type { RunData, RunEntry } from './types';

const CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#1f5fbf;--neg:#c0392b;--pos:#1e8449}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:#102a43;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px;font-weight:600}header .sub{color:#bcccdc;margin-top:4px}
main{max-width:1320px;margin:0 auto;padding:20px 24px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 18px;margin-bottom:16px;overflow-x:auto}
section h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 10px;font-weight:600}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:5px 8px;text-align:right;border-bottom:1px solid var(--line);white-space:nowrap}
th{color:var(--muted);font-weight:600;font-size:12px}td.l,th.l{text-align:left}td.wrap{white-space:normal;min-width:240px}
#compare th{white-space:normal}#compare td:first-child{white-space:normal;overflow-wrap:anywhere}
th[data-sort]{cursor:pointer;user-select:none}th[data-sort]:hover{color:var(--ink)}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.st{display:inline-block;border-radius:3px;padding:0 7px;font-size:12px;font-weight:600}.st-success{background:#e3f9e5;color:#1e8449}.st-other{background:#ffe3e3;color:#c0392b}
.kind{color:var(--muted);font-size:12px}.pos{color:var(--pos)}.neg{color:var(--neg)}
table.heat td{font-size:12px;padding:4px 6px;min-width:44px;text-align:center}table.heat th{text-align:center}table.heat th.l{text-align:left}
ul.tree{list-style:none;margin:0;padding-left:18px}ul.tree.root{padding-left:0}ul.tree li{padding:2px 0}ul.tree .w{display:inline-block;min-width:62px;text-align:right;margin-right:8px;font-variant-numeric:tabular-nums}
ul.tree .barbox{display:inline-block;width:90px;margin-right:10px;vertical-align:middle}ul.tree .bar{display:block;height:8px;background:var(--accent);opacity:.75;border-radius:2px}
.failure{border-left:4px solid var(--neg)}.failure h3{margin:0 0 4px;font-size:15px}.failure .err{margin:0 0 8px;color:var(--neg);overflow-wrap:anywhere}
pre{background:#f0f4f8;border-radius:4px;padding:8px 10px;margin:0;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.muted{color:var(--muted)}footer{color:var(--muted);font-size:12px;text-align:center;margin-top:18px}
`;

/** Click a header with data-sort to sort its table's rows by the cells' data-v (numbers, blanks last), again to reverse. */
const SORT_SCRIPT = `document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(h,i){if(!h.dataset.sort)return;h.tabIndex=0;h.addEventListener('click',function(){var d=h.getAttribute('aria-sort')==='ascending'?-1:1;Array.prototype.forEach.call(hs,function(x){x.removeAttribute('aria-sort')});h.setAttribute('aria-sort',d===1?'ascending':'descending');var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),n=h.dataset.sort==='num';rows.sort(function(r,s){var x=r.cells[i].dataset.v,y=s.cells[i].dataset.v;if(n){var p=x===''?NaN:+x,q=y===''?NaN:+y;if(isNaN(p)||isNaN(q))return isNaN(p)===isNaN(q)?0:isNaN(p)?1:-1;return(p-q)*d}return x<y?-d:x>y?d:0});rows.forEach(function(r){b.appendChild(r)})})})});`;

/** '-0.00' → '0.00' */
const fixed2 = (x: number): string => {
  const s = x.toFixed(2);
  return /^-0\.0+$/.test(s) ? s.slice(1) : s;
};

const v = (x: number | null | undefined): string => (typeof x === 'number' && Number.isFinite(x) ? String(x) : '');

function sparkline(returns: number[]): string {
  const pts = sparklinePoints(returns);
  if (pts.length < 2) return '';
  const W = 120;
  const H = 28;
  let lo = Math.min(...pts);
  let hi = Math.max(...pts);
  if (hi - lo < 1e-12) {
    hi += 0.01;
    lo -= 0.01;
  }
  const path = pts.map((p, i) => `${((i / (pts.length - 1)) * W).toFixed(1)},${(2 + (1 - (p - lo) / (hi - lo)) * (H - 4)).toFixed(1)}`).join(' ');
  const up = pts[pts.length - 1] >= pts[0];
  return `<svg class="spark" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="equity"><polyline points="${path}" fill="none" stroke="${up ? '#1e8449' : '#c0392b'}" stroke-width="1.4"/></svg>`;
}

function statusBadge(s: string): string {
  return `<span class="st ${s === 'success' ? 'st-success' : 'st-other'}">${escapeHtml(s)}</span>`;
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function overview(entries: RunEntry[]): string {
  const rows = entries
    .map((e) => {
      const m = e.metrics;
      const name = e.tearsheetHref ? `<a href="${escapeHtml(e.tearsheetHref)}">${escapeHtml(e.profile)}</a>` : escapeHtml(e.profile);
      return (
        `<tr data-profile="${escapeHtml(e.profile)}"><td class="l" data-v="${escapeHtml(e.profile)}">${name}</td>` +
        `<td class="l kind" data-v="${e.kind}">${e.kind === 'meta-portfolio' ? 'meta' : 'sleeve'}</td>` +
        `<td class="l" data-v="${escapeHtml(e.status)}">${statusBadge(e.status)}</td>` +
        `<td data-v="${v(m?.cagr)}">${pct(m?.cagr)}</td><td data-v="${v(m?.sharpe)}">${num(m?.sharpe)}</td>` +
        `<td data-v="${v(m?.annualVol)}">${pct(m?.annualVol)}</td><td data-v="${v(m?.maxDrawdown)}">${pct(m?.maxDrawdown)}</td>` +
        `<td data-v="${v(e.avgTurnover)}">${pct(e.avgTurnover)}</td><td data-v="${v(m?.days)}">${m ? m.days : '–'}</td>` +
        `<td data-v="${v(e.durationMs)}">${duration(e.durationMs)}</td><td class="l" data-v="">${sparkline(e.returns)}</td></tr>`
      );
    })
    .join('');
  const h = (label: string, sort: 'num' | 'text', cls = '') => `<th${cls ? ` class="${cls}"` : ''} data-sort="${sort}">${label}</th>`;
  return (
    `<table id="runs" class="sortable"><thead><tr>${h('Sleeve', 'text', 'l')}${h('Kind', 'text', 'l')}${h('Status', 'text', 'l')}` +
    `${h('CAGR', 'num')}${h('Sharpe', 'num')}${h('Volatility', 'num')}${h('Max drawdown', 'num')}${h('Turnover / rebalance', 'num')}${h('OOS days', 'num')}${h('Duration', 'num')}` +
    `<th class="l">Equity</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function heatColor(c: number | null): string {
  if (c === null) return '';
  const a = Math.min(1, Math.abs(c)).toFixed(2);
  return c >= 0 ? `background:rgba(192,57,43,${a})` : `background:rgba(31,95,191,${a})`;
}

function heatmap(entries: RunEntry[]): string {
  const sleeves = entries.filter((e) => e.kind === 'sleeve' && e.status === 'success' && e.returns.length > 0);
  if (sleeves.length < 2) return '<p class="muted">Fewer than two successful sleeves: no correlations.</p>';
  const c = correlationMatrix(sleeves.map((e) => ({ id: e.profile, dates: e.dates, returns: e.returns })));
  const head = sleeves.map((e, i) => `<th title="${escapeHtml(e.profile)}">${i + 1}</th>`).join('');
  const rows = sleeves
    .map((e, i) => {
      const cells = c[i]
        .map((x, j) => {
          const strong = x !== null && Math.abs(x) > 0.55;
          return `<td style="${heatColor(x)}${strong ? ';color:#fff' : ''}" title="${escapeHtml(e.profile)} × ${escapeHtml(sleeves[j].profile)}">${x === null ? '' : fixed2(x)}</td>`;
        })
        .join('');
      return `<tr><th class="l">${i + 1} ${escapeHtml(e.profile)}</th>${cells}</tr>`;
    })
    .join('');
  return `<table id="correlation" class="heat"><thead><tr><th class="l"></th>${head}</tr></thead><tbody>${rows}</tbody></table><p class="muted">Pearson correlation of daily out-of-sample returns, each pair joined on its common dates (non-common days compounded into the next common day).</p>`;
}

function treeHtml(nodes: TreeNode[], root: boolean, runId: string): string {
  const items = nodes
    .map((n) => {
      const w =
        n.weight === null
          ? ''
          : `<span class="w">${pct(n.weight, 1)}</span><span class="barbox"><span class="bar" style="width:${Math.round(n.weight * 100)}%"></span></span>`;
      const pinned = n.runId && n.runId !== runId ? ` <span class="muted">(run ${escapeHtml(n.runId)})</span>` : '';
      const label = n.id === n.profile ? escapeHtml(n.profile) : `${escapeHtml(n.id)} <span class="muted">${escapeHtml(n.profile)}</span>`;
      const kids = n.cycle ? ' <span class="neg">(cycle)</span>' : n.children.length ? treeHtml(n.children, false, runId) : '';
      return `<li data-profile="${escapeHtml(n.profile)}">${w}${root ? `<b>${label}</b>` : label}${pinned}${kids}</li>`;
    })
    .join('');
  return `<ul class="tree${root ? ' root' : ''}">${items}</ul>`;
}

function failures(entries: RunEntry[]): string {
  const failed = entries.filter((e) => e.status !== 'success');
  if (!failed.length) return '';
  return failed
    .map(
      (e) =>
        `<section class="failure" data-profile="${escapeHtml(e.profile)}"><h3>${escapeHtml(e.profile)} ${statusBadge(e.status)}</h3>` +
        `<p class="err">${escapeHtml(e.error ?? 'no error message')}</p>${e.logTail.length ? `<pre>${escapeHtml(e.logTail.join('\n'))}</pre>` : '<p class="muted">no log</p>'}</section>`,
    )
    .join('');
}

const signedPct = (x: number | null) =>
  x === null ? '–' : `<span class="${x > 0 ? 'pos' : x < 0 ? 'neg' : ''}">${x > 0 ? '+' : ''}${(x * 100).toFixed(2)} pp</span>`;
const signedNum = (x: number | null) => (x === null ? '–' : `<span class="${x > 0 ? 'pos' : x < 0 ? 'neg' : ''}">${x > 0 ? '+' : ''}${x.toFixed(2)}</span>`);

function comparison(deltas: EntryDelta[], other: string): string {
  const rows = deltas
    .map((d) => {
      const status =
        d.presence === 'both'
          ? d.status.now === d.status.before
            ? escapeHtml(d.status.now)
            : `${escapeHtml(d.status.before)} → ${escapeHtml(d.status.now)}`
          : d.presence === 'new'
            ? 'new in this run'
            : `only in ${escapeHtml(other)}`;
      const w = d.weights
        .slice(0, 6)
        .map((x) => `${escapeHtml(x.id)} ${pct(x.before, 1)} → ${pct(x.now, 1)}`)
        .join(', ');
      const more = d.weights.length > 6 ? `, … ${d.weights.length - 6} more` : '';
      return (
        `<tr data-profile="${escapeHtml(d.profile)}"><td class="l" data-v="${escapeHtml(d.profile)}">${escapeHtml(d.profile)}</td><td class="l" data-v="${escapeHtml(status)}">${status}</td>` +
        `<td data-v="${v(d.cagr)}">${signedPct(d.cagr)}</td><td data-v="${v(d.sharpe)}">${signedNum(d.sharpe)}</td><td data-v="${v(d.annualVol)}">${signedPct(d.annualVol)}</td>` +
        `<td data-v="${v(d.maxDrawdown)}">${signedPct(d.maxDrawdown)}</td><td data-v="${v(d.avgTurnover)}">${signedPct(d.avgTurnover)}</td>` +
        `<td data-v="${d.weights.length}">${d.weights.length}</td><td class="l wrap">${w ? `${w}${more}` : '<span class="muted">none</span>'}</td></tr>`
      );
    })
    .join('');
  return (
    `<table id="compare" class="sortable"><thead><tr><th class="l" data-sort="text">Sleeve</th><th class="l" data-sort="text">Status</th><th data-sort="num">Δ CAGR</th><th data-sort="num">Δ Sharpe</th>` +
    `<th data-sort="num">Δ Volatility</th><th data-sort="num">Δ Max drawdown</th><th data-sort="num">Δ Turnover</th><th data-sort="num">Weights changed</th><th class="l">Largest weight changes (${escapeHtml(other)} → this run)</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/**
 * The run dashboard: one self-contained HTML page (inline CSS, inline SVG, one small inline sorting script, no
 * network), a pure function of the run's outputs (and of the compared run's): same inputs, same bytes.
 */
export function renderDashboard(run: RunData, compare?: RunData): string {
  const ok = run.entries.filter((e) => e.status === 'success').length;
  const failed = run.entries.length - ok;
  const trees = allocationTrees(run.entries);
  const periods = run.entries.filter((e) => e.metrics).map((e) => e.metrics!);
  const start = periods.map((m) => m.start).sort()[0];
  const end = periods
    .map((m) => m.end)
    .sort()
    .pop();
  const sub = `${run.entries.length} sleeves and meta-portfolios · ${ok} succeeded${failed ? ` · <b>${failed} not successful</b>` : ''}${start ? ` · out-of-sample ${start} → ${end}` : ''}${compare ? ` · compared with run ${escapeHtml(compare.runId)}` : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>run ${escapeHtml(run.runId)} · sleeves dashboard</title><style>${CSS}</style></head>
<body><header><h1>Run ${escapeHtml(run.runId)}</h1><div class="sub">${sub}</div></header>
<main>
<section><h2>Sleeves and meta-portfolios</h2>${overview(run.entries)}</section>
${compare ? `<section><h2>Changes since run ${escapeHtml(compare.runId)}</h2>${comparison(compareRuns(run.entries, compare.entries), compare.runId)}</section>` : ''}
<section><h2>Correlation of out-of-sample returns</h2>${heatmap(run.entries)}</section>
<section><h2>Meta-portfolio allocations</h2>${trees.length ? `<div id="allocations">${treeHtml(trees, true, run.runId)}</div>` : '<p class="muted">No meta-portfolio in this run.</p>'}</section>
${failed ? `<h2 class="muted" style="font-size:13px;text-transform:uppercase;letter-spacing:.06em">Not successful</h2>${failures(run.entries)}` : ''}
<footer>nx-sleeves · run ${escapeHtml(run.runId)} · built from result.json and artifacts.zip of each output folder</footer></main>
<script>${SORT_SCRIPT}</script></body></html>
`;
}
