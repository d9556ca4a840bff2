import { escapeHtml } from './format';
import type { Histogram } from './histogram';
import type { StackedBands } from './weights-history';

export const BAND_COLORS = ['#1f5fbf', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#16a085', '#d4ac0d', '#7f8c8d', '#2c3e50'];
const OTHER_COLOR = '#cbd2d9';
const f = (v: number) => v.toFixed(1);
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The colour of band `b` of a side (`other`/`other short` grey); short bands are drawn lighter (see SHORT_OPACITY). */
export function bandColor(label: string, b: number): string {
  return label === 'other' || label === 'other short' ? OTHER_COLOR : BAND_COLORS[b % BAND_COLORS.length];
}
export const SHORT_OPACITY = 0.45;
/** A short band's name in the legend and the chart: `<id> (short)`, or `other short`. */
export const shortLabel = (label: string): string => (label === 'other short' ? label : `${label} (short)`);

/**
 * Weights over time as a stacked area (inline SVG): each rebalance's weights are held until the next one (steps),
 * the last until `end`. Long bands bottom-up from zero in label order; short bands (when the book has any) stacked
 * downwards from zero, lighter; "other" in grey.
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
  const short = o.bands.short;
  let bottom = 0;
  if (short)
    for (let k = 0; k < dates.length; k++)
      bottom = Math.max(
        bottom,
        short.values.reduce((s, b) => s + b[k], 0),
      );
  bottom = Math.ceil(bottom * 4 - 1e-9) / 4; // down to a grid line
  // (long-only: the formula of before, so those tearsheets keep their bytes)
  const y = bottom === 0 ? (v: number) => m.t + (1 - v / top) * (H - m.t - m.b) : (v: number) => m.t + ((top - v) / (top + bottom)) * (H - m.t - m.b);
  for (let v = -bottom; v <= top + 1e-9; v += 0.25) {
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
  const xs = dates.map((d, k) => [x(day(d)), x(k + 1 < dates.length ? day(dates[k + 1]) : t1)]);
  const stack = (bandLabels: string[], bandValues: number[][], sign: 1 | -1) => {
    const base = new Array<number>(dates.length).fill(0);
    bandValues.forEach((band, b) => {
      const upper = base.map((v, k) => v + sign * band[k]);
      const fwd = xs.map(([a, c], k) => `${f(a)},${f(y(upper[k]))}L${f(c)},${f(y(upper[k]))}`).join('L');
      const back = xs
        .map(([a, c], k) => `${f(c)},${f(y(base[k]))}L${f(a)},${f(y(base[k]))}`)
        .reverse()
        .join('L');
      const series = sign === 1 ? bandLabels[b] : shortLabel(bandLabels[b]);
      const opacity = sign === 1 ? '0.85' : String(SHORT_OPACITY);
      parts.push(
        `<path class="band" data-series="${escapeHtml(series)}" d="M${fwd}L${back}Z" fill="${bandColor(bandLabels[b], b)}" fill-opacity="${opacity}" stroke="none"/>`,
      );
      for (let k = 0; k < base.length; k++) base[k] = upper[k];
    });
  };
  stack(labels, values, 1);
  if (short) {
    stack(short.labels, short.values, -1);
    parts.push(`<line class="zero" x1="${m.l}" x2="${W - m.r}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#52606d" stroke-width="1"/>`);
  }
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
