/** Small dense linear algebra on row-major Float64Arrays, for the optimisers (no allocation in loops). */

/**
 * In-place Cholesky factorisation of the leading k×k block of a (row-major, stride `stride`), lower
 * triangle. Returns false if the block is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, k: number, stride = k): boolean {
  for (let j = 0; j < k; j++) {
    const rj = j * stride;
    let d = a[rj + j];
    for (let p = 0; p < j; p++) d -= a[rj + p] * a[rj + p];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      const ri = i * stride;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place (b becomes x), L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, k: number, b: Float64Array, stride = k): void {
  for (let i = 0; i < k; i++) {
    const ri = i * stride;
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[ri + p] * b[p];
    b[i] = s / l[ri + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= l[p * stride + i] * b[p];
    b[i] = s / l[i * stride + i];
  }
}

/** out = A·x for a row-major n×n A. */
export function matVec(a: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += a[ri + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** xᵀ A x for a row-major n×n A. */
export function quadForm(a: Float64Array, n: number, x: ArrayLike<number>): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += a[ri + j] * x[j];
    v += x[i] * s;
  }
  return v;
}

/** An upper bound on the largest eigenvalue of a PSD matrix: min(Gershgorin row bound, trace). */
export function lambdaMaxBound(a: Float64Array, n: number): number {
  let gersh = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(a[i * n + j]);
    if (s > gersh) gersh = s;
    trace += a[i * n + i];
  }
  return Math.min(gersh, trace);
}
