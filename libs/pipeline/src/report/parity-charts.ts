import { escapeHtml } from './format';
import type { Histogram } from './histogram';
import type { StackedBands } from './weights-history';

export const BAND_COLORS = ['#1f5fbf', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#16a085', '#d4ac0d', '#7f8c8d', '#2c3e50'];
const OTHER_COLOR = '#cbd2d9';
const f = (v: number) => v.toFixed(1);
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * Weights over time as a stacked area (inline SVG): each rebalance's weights are held until the next one (steps),
 * the last until `end`. Bands bottom-up in label order; "other" in grey.
 */
export function stackedAreaSvg(o: { id: string; title: string; bands: StackedBands; end: string; width?: number; height?: number }): string {
  const W = o.width ?? 920;
  const H = o.height ?? 240;
  const m = { l: 58, r: 16, t: 10, b: 28 };
  const { dates, labels, values } = o.bands;
  const parts = [
    `<svg id="${o.id}" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`,
  ];
  if (dates.length === 0 || labels.length === 0) return `${parts[0]}</svg>`;
  const t0 = day(dates[0]);
  const t1 = Math.max(day(o.end), day(dates[dates.length - 1]) + 86_400_000);
  const x = (t: number) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);
  let top = 1;
  for (let k = 0; k < dates.length; k++)
    top = Math.max(
      top,
      values.reduce((s, b) => s + b[k], 0),
    );
  const y = (v: number) => m.t + (1 - v / top) * (H - m.t - m.b);
  for (let v = 0; v <= top + 1e-9; v += 0.25) {
    parts.push(
      `<line class="grid" x1="${m.l}" x2="${W - m.r}" y1="${f(y(v))}" y2="${f(y(v))}"/><text class="tick" x="${m.l - 8}" y="${f(y(v))}" text-anchor="end" dominant-baseline="middle">${Math.round(v * 100)}%</text>`,
    );
  }
  let prevYear = '';
  for (const d of dates) {
    if (d.slice(0, 4) === prevYear) continue;
    prevYear = d.slice(0, 4);
    parts.push(`<text class="tick" x="${f(x(day(d)))}" y="${H - m.b + 17}" text-anchor="middle">${prevYear}</text>`);
  }
  const base = new Array<number>(dates.length).fill(0);
  values.forEach((band, b) => {
    const upper = base.map((v, k) => v + band[k]);
    const xs = dates.map((d, k) => [x(day(d)), x(k + 1 < dates.length ? day(dates[k + 1]) : t1)]);
    const fwd = xs.map(([a, c], k) => `${f(a)},${f(y(upper[k]))}L${f(c)},${f(y(upper[k]))}`).join('L');
    const back = xs
      .map(([a, c], k) => `${f(c)},${f(y(base[k]))}L${f(a)},${f(y(base[k]))}`)
      .reverse()
      .join('L');
    const color = labels[b] === 'other' ? OTHER_COLOR : BAND_COLORS[b % BAND_COLORS.length];
    parts.push(`<path class="band" data-series="${escapeHtml(labels[b])}" d="M${fwd}L${back}Z" fill="${color}" fill-opacity="0.85" stroke="none"/>`);
    for (let k = 0; k < base.length; k++) base[k] = upper[k];
  });
  parts.push(`<rect class="frame" x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none"/></svg>`);
  return parts.join('');
}

/** Daily-return histogram (bars) with the normal density of the same mean and std (expected count per bin). */
export function histogramSvg(o: { id: string; title: string; hist: Histogram; width?: number; height?: number }): string {
  const W = o.width ?? 440;
  const H = o.height ?? 240;
  const m = { l: 40, r: 10, t: 10, b: 28 };
  const h = o.hist;
  const bins = h.counts.length;
  const top = Math.max(...h.counts, ...h.normal) * 1.05;
  const pw = W - m.l - m.r;
  const bw = pw / bins;
  const y = (v: number) => m.t + (1 - v / top) * (H - m.t - m.b);
  const parts = [
    `<svg id="${o.id}" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`,
  ];
  h.counts.forEach((c, i) => {
    if (c > 0)
      parts.push(
        `<rect class="bin" x="${f(m.l + i * bw + 0.5)}" y="${f(y(c))}" width="${f(Math.max(0.5, bw - 1))}" height="${f(y(0) - y(c))}" fill="#1f5fbf" fill-opacity="0.7"/>`,
      );
  });
  const curve = h.normal.map((v, i) => `${f(m.l + (i + 0.5) * bw)},${f(y(v))}`).join('L');
  parts.push(`<path class="normal" d="M${curve}" fill="none" stroke="#c0392b" stroke-width="1.6"/>`);
  // x ticks: min, 0 (when inside), max, as percentages
  const ticks = [h.lo, h.lo + bins * h.width];
  if (h.lo < 0 && h.lo + bins * h.width > 0) ticks.splice(1, 0, 0);
  for (const t of ticks) {
    const xx = m.l + ((t - h.lo) / (bins * h.width)) * pw;
    const label = `${(t * 100).toFixed(1)}%`.replace(/^-0\.0%$/, '0.0%');
    parts.push(
      `<text class="tick" x="${f(xx)}" y="${H - m.b + 17}" text-anchor="${t === ticks[0] ? 'start' : t === ticks[ticks.length - 1] ? 'end' : 'middle'}">${label}</text>`,
    );
  }
  parts.push(`<line class="grid" x1="${m.l}" x2="${W - m.r}" y1="${f(y(0))}" y2="${f(y(0))}"/></svg>`);
  return parts.join('');
}
