/**
 * Euclidean projection onto the capped simplex { x : Σx = 1, lo ≤ x ≤ hi } — used by `projectToBounds`
 * and by the projected-gradient phase of `minVariance`. Callers guarantee n ≥ 1 and n·lo ≤ 1 ≤ n·hi.
 *
 * x_i = clip(y_i − τ, lo, hi) for a shift τ with Σ x_i = 1. S(τ) = Σ clip(y_i − τ, lo, hi) is piecewise
 * linear and non-increasing with breakpoints y_i − hi and y_i − lo. We bisect over the sorted breakpoints
 * (O(n log n)) to find the linear piece holding the root, then solve that piece in closed form, so the
 * result is exact up to rounding, with no iteration tolerance.
 */
export function projectCappedSimplex(
  y: ArrayLike<number>,
  lo: number,
  hi: number,
  out: Float64Array = new Float64Array(y.length),
  scratch: Float64Array = new Float64Array(2 * y.length),
): Float64Array {
  const n = y.length;
  const bp = scratch.length === 2 * n ? scratch : new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    bp[2 * i] = y[i] - hi;
    bp[2 * i + 1] = y[i] - lo;
  }
  bp.sort();
  const sumAt = (t: number): number => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i] - t;
      acc += v < lo ? lo : v > hi ? hi : v;
    }
    return acc;
  };
  // Invariant: S(bp[a]) ≥ 1 ≥ S(bp[b]). Holds at the ends: S(bp[0]) = n·hi, S(bp[2n−1]) = n·lo.
  let a = 0;
  let b = 2 * n - 1;
  while (b - a > 1) {
    const mid = (a + b) >> 1;
    if (sumAt(bp[mid]) >= 1) a = mid;
    else b = mid;
  }
  // Between bp[a] and bp[b] the same coordinates are free; classify them at the midpoint.
  const probe = 0.5 * (bp[a] + bp[b]);
  let fixed = 0;
  let freeSum = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i] - probe;
    if (v <= lo) fixed += lo;
    else if (v >= hi) fixed += hi;
    else {
      k++;
      freeSum += y[i];
    }
  }
  // k = 0 means S is flat (= 1) on this piece, so any τ in it works.
  const tau = k > 0 ? (freeSum + fixed - 1) / k : probe;
  for (let i = 0; i < n; i++) {
    const v = y[i] - tau;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}
