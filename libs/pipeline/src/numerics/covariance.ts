/**
 * Sample covariance and correlation of a returns matrix m[day][asset].
 * The work happens on a centred, asset-major Float64Array so the inner loop walks contiguous memory
 * (150 assets × 252 days ≈ 2.9 M multiply-adds, a few milliseconds).
 */
import { checkCovariance, checkMatrix, fail } from './validate';

/** Sample covariance (divides by days − 1) of m[day][asset]; needs at least 2 days. */
export function covariance(m: number[][]): number[][] {
  const n = checkMatrix('covariance', 'm', m);
  if (m.length < 2) fail('covariance', 'm.length', m.length, 'at least 2 rows (days)');
  return toRows(covarianceF64(m, n), n);
}

/** Pearson correlation of m[day][asset]; an asset with zero variance correlates 0 with every other (1 with itself). */
export function correlation(m: number[][]): number[][] {
  const n = checkMatrix('correlation', 'm', m);
  if (m.length < 2) fail('correlation', 'm.length', m.length, 'at least 2 rows (days)');
  const c = covarianceF64(m, n);
  correlationInPlace(c, n);
  return toRows(c, n);
}

/** Correlation from a covariance matrix, with the same zero-variance rule as `correlation`. */
export function covarianceToCorrelation(cov: number[][]): number[][] {
  const n = checkCovariance('covarianceToCorrelation', cov);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = cov[i][j];
  correlationInPlace(c, n);
  return toRows(c, n);
}

/** Row-major n×n sample covariance of validated input (internal: no checks). */
export function covarianceF64(m: number[][], n: number): Float64Array {
  const t = m.length;
  // Centre each column into an asset-major buffer: x[a*t + d].
  const x = new Float64Array(n * t);
  const mu = new Float64Array(n);
  for (let d = 0; d < t; d++) {
    const row = m[d];
    for (let a = 0; a < n; a++) mu[a] += row[a];
  }
  for (let a = 0; a < n; a++) mu[a] /= t;
  for (let d = 0; d < t; d++) {
    const row = m[d];
    for (let a = 0; a < n; a++) x[a * t + d] = row[a] - mu[a];
  }
  const c = new Float64Array(n * n);
  const denom = t - 1;
  // 2×2 blocks of (i, j): four running sums share each load, halving memory traffic.
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const oi0 = i * t;
    const oi1 = i1 * t;
    for (let j = 0; j <= i1; j += 2) {
      const j1 = j + 1 < n ? j + 1 : j;
      const oj0 = j * t;
      const oj1 = j1 * t;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let d = 0; d < t; d++) {
        const a0 = x[oi0 + d];
        const a1 = x[oi1 + d];
        const b0 = x[oj0 + d];
        const b1 = x[oj1 + d];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
      }
      // Mirror writes keep c exactly symmetric; duplicated indices at an odd edge write the same value.
      c[i * n + j] = c[j * n + i] = s00 / denom;
      c[i * n + j1] = c[j1 * n + i] = s01 / denom;
      c[i1 * n + j] = c[j * n + i1] = s10 / denom;
      c[i1 * n + j1] = c[j1 * n + i1] = s11 / denom;
    }
  }
  return c;
}

/** Turns a row-major covariance buffer into a correlation buffer, clamped to [−1, 1]. */
export function correlationInPlace(c: Float64Array, n: number): void {
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(Math.max(c[i * n + i], 0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) {
        c[i * n + j] = 1;
      } else {
        const s = sd[i] * sd[j];
        const r = s > 0 ? c[i * n + j] / s : 0;
        c[i * n + j] = r > 1 ? 1 : r < -1 ? -1 : r;
      }
    }
  }
}

export function toRows(c: Float64Array, n: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Array.from(c.subarray(i * n, i * n + n));
  return out;
}
