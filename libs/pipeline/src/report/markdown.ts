import { num, pct } from './format';
import type { ReportModel } from './model';
import { exposureOf, sortedWeights } from './tearsheet';

/** A short Markdown report (for PR comments and terminals). */
export function renderMarkdown(r: ReportModel): string {
  const m = r.metrics;
  const b = r.benchmark?.metrics;
  const row = (k: string, v: string, bv?: string) => `| ${k} | ${v} |${b ? ` ${bv ?? ''} |` : ''}`;
  const lines = [
    `# ${r.title}`,
    '',
    r.description ? `${r.description}\n` : '',
    `${r.kind}, run \`${r.runId}\`, out of sample ${m.start} → ${m.end} (${m.days} days).`,
    '',
    `| metric | strategy |${b ? ` ${r.benchmark!.id} |` : ''}`,
    `|---|---:|${b ? '---:|' : ''}`,
    row('CAGR', pct(m.cagr), b && pct(b.cagr)),
    row('Volatility', pct(m.annualVol), b && pct(b.annualVol)),
    row('Sharpe', num(m.sharpe), b && num(b.sharpe)),
    row('Sortino', num(m.sortino), b && num(b.sortino)),
    row('Max drawdown', pct(m.maxDrawdown), b && pct(b.maxDrawdown)),
    row('Calmar', num(m.calmar), b && num(b.calmar)),
    row('Total return', pct(m.totalReturn), b && pct(b.totalReturn)),
    '',
    `Rebalances: ${r.rebalancing.count}, average turnover ${pct(r.rebalancing.avgTurnover)}, total costs ${pct(r.rebalancing.totalCost)}.`,
    '',
  ];
  if (r.allocation) {
    lines.push('## Sleeve allocation', '', '| sleeve | weight |', '|---|---:|');
    for (const a of r.allocation) lines.push(`| ${a.id} | ${pct(a.weight)} |`);
    lines.push('');
  }
  const w = sortedWeights(r.weights);
  const ex = exposureOf(r.weights);
  lines.push('## Latest weights', '');
  if (ex.short < 0) lines.push(`Long ${pct(ex.long)}, short ${pct(ex.short)}, net ${pct(ex.long + ex.short)}, gross ${pct(ex.long - ex.short)}.`, '');
  lines.push('| asset | weight |', '|---|---:|');
  for (const [id, x] of w.slice(0, 25)) lines.push(`| ${id} | ${pct(x)} |`);
  if (w.length > 25) lines.push(`| … ${w.length - 25} more | |`);
  if (w.length === 0) lines.push('| cash | 100.00% |');
  lines.push('');
  if (r.notes.length) {
    lines.push('## Notes', '');
    for (const n of r.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}
