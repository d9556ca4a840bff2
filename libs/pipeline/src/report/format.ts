/** Fixed number formatting, so artifacts are byte-stable: CSV cells and JSON numbers are rounded. */

/** A CSV cell: fixed decimals, '' for missing, no '-0'. */
export function cell(x: number, digits = 10): string {
  if (!Number.isFinite(x)) return '';
  const s = x.toFixed(digits);
  return s.charCodeAt(0) === 45 && /^-0\.?0*$/.test(s) ? s.slice(1) : s; // 45: '-', tested first (cheap)
}

/** A JSON number rounded to `digits` decimals (null for NaN/Infinity). */
export function round(x: number, digits = 10): number | null {
  if (!Number.isFinite(x)) return null;
  const r = Number(x.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}

export function pct(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
