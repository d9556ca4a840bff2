import { escapeHtml } from './format';

export interface Line {
  label: string;
  values: number[];
  color: string;
  /** fill the area between the line and the zero line (drawdowns) */
  area?: boolean;
  dashed?: boolean;
}

export interface ChartOptions {
  id: string;
  title: string;
  dates: string[];
  lines: Line[];
  width?: number;
  height?: number;
  /** how to print y-axis ticks */
  tick: (v: number) => string;
  /** include 0 in the y range (drawdown) */
  zeroTop?: boolean;
}

/** Keeps at most ~`max` points (every k-th and the last) so charts stay small for long histories. */
function sampleIdx(n: number, max: number): number[] {
  const k = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += k) idx.push(i);
  if (idx[idx.length - 1] !== n - 1 && n > 0) idx.push(n - 1);
  return idx;
}

function niceStep(range: number, ticks: number): number {
  const raw = range / Math.max(1, ticks);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

/** A static line chart as inline SVG (no script, no external resources). */
export function lineChartSvg(o: ChartOptions): string {
  const W = o.width ?? 920;
  const H = o.height ?? 280;
  const m = { l: 58, r: 16, t: 14, b: 28 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const n = o.dates.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of o.lines)
    for (const v of l.values)
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (o.zeroTop) hi = Math.max(hi, 0);
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    hi += 0.01;
    lo -= 0.01;
  }
  const step = niceStep(hi - lo, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * pw);
  const y = (v: number) => m.t + (1 - (v - lo) / (hi - lo)) * ph;
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg id="${o.id}" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  // horizontal grid + y labels
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = f(y(v));
    parts.push(`<line class="grid" x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}"/>`);
    parts.push(`<text class="tick" x="${m.l - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(o.tick(v))}</text>`);
  }
  // x labels: first trading day of each year (thinned to ≤ 12 labels)
  const years: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || o.dates[i].slice(0, 4) !== o.dates[i - 1].slice(0, 4)) years.push(i);
  const every = Math.max(1, Math.ceil(years.length / 12));
  years.forEach((i, k) => {
    if (k % every !== 0) return;
    const xx = f(x(i));
    parts.push(`<line class="grid v" x1="${xx}" x2="${xx}" y1="${m.t}" y2="${H - m.b}"/>`);
    parts.push(`<text class="tick" x="${xx}" y="${H - m.b + 17}" text-anchor="middle">${o.dates[i].slice(0, 4)}</text>`);
  });
  const idx = sampleIdx(n, 700);
  for (const l of o.lines) {
    const pts = idx.filter((i) => Number.isFinite(l.values[i])).map((i) => `${f(x(i))},${f(y(l.values[i]))}`);
    if (pts.length === 0) continue;
    if (l.area) {
      const base = f(y(0));
      parts.push(
        `<path class="area" d="M${pts[0].split(',')[0]},${base}L${pts.join('L')}L${pts[pts.length - 1].split(',')[0]},${base}Z" fill="${l.color}" fill-opacity="0.18"/>`,
      );
    }
    parts.push(
      `<path class="series" data-series="${escapeHtml(l.label)}" d="M${pts.join('L')}" fill="none" stroke="${l.color}" stroke-width="1.6"${l.dashed ? ' stroke-dasharray="5 4"' : ''} stroke-linejoin="round"/>`,
    );
  }
  parts.push(`<rect class="frame" x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none"/>`);
  parts.push('</svg>');
  return parts.join('');
}
