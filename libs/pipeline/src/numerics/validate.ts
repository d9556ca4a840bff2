/**
 * Input checks shared by the numerics. Every public function validates its arguments once, up front,
 * and throws a one-line error naming the function, the argument (with index), the value and what was
 * expected; the hot loops after that assume clean input.
 */

export class NumericsInputError extends Error {
  override name = 'NumericsInputError';
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

export function fail(fn: string, field: string, value: unknown, expected: string): never {
  throw new NumericsInputError(`${fn}: ${field} = ${show(value)}, expected ${expected}`);
}

/** Throws unless `x` is an array of finite numbers. */
export function checkVector(fn: string, field: string, x: unknown): asserts x is number[] {
  if (!Array.isArray(x)) fail(fn, field, x, 'an array of numbers');
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(fn, `${field}[${i}]`, v, 'a finite number');
  }
}

/** Throws unless `m` is a rectangular array of rows of finite numbers; returns the column count. */
export function checkMatrix(fn: string, field: string, m: unknown): number {
  if (!Array.isArray(m)) fail(fn, field, m, 'an array of rows (number[][])');
  const cols = m.length > 0 && Array.isArray(m[0]) ? (m[0] as unknown[]).length : 0;
  for (let r = 0; r < m.length; r++) {
    const row = m[r];
    if (!Array.isArray(row)) fail(fn, `${field}[${r}]`, row, 'an array of numbers');
    if (row.length !== cols) fail(fn, `${field}[${r}].length`, row.length, `${cols} (the length of ${field}[0])`);
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(fn, `${field}[${r}][${c}]`, v, 'a finite number');
    }
  }
  return cols;
}

/**
 * Throws unless `cov` is a non-empty, square, symmetric matrix with a non-negative diagonal.
 * Symmetry is checked to a relative 1e-9 (covariances computed elsewhere may differ in the last bits).
 * Positive semi-definiteness is assumed, not checked (it would cost a factorisation).
 * Returns the size n.
 */
export function checkCovariance(fn: string, cov: unknown): number {
  const n = checkMatrix(fn, 'cov', cov);
  const m = cov as number[][];
  if (m.length === 0) fail(fn, 'cov', cov, 'a non-empty square matrix');
  if (n !== m.length) fail(fn, 'cov[0].length', n, `${m.length} (a square matrix)`);
  for (let i = 0; i < n; i++) {
    if (m[i][i] < 0) fail(fn, `cov[${i}][${i}]`, m[i][i], 'a variance ≥ 0');
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i][j];
      const b = m[j][i];
      const scale = Math.max(Math.abs(a), Math.abs(b), Math.sqrt(m[i][i] * m[j][j]), Number.MIN_VALUE);
      if (Math.abs(a - b) > 1e-9 * scale) fail(fn, `cov[${i}][${j}]`, a, `${b} (cov[${j}][${i}]; a symmetric matrix)`);
    }
  }
  return n;
}

/** Row-major Float64Array copy of a square matrix, symmetrised (the average of the two triangles). */
export function toFloat64Square(m: number[][]): Float64Array {
  const n = m.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = m[i][i];
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (m[i][j] + m[j][i]);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
