/**
 * Long-only equal-risk-contribution (ERC) weights: every asset contributes 1/n of the portfolio variance,
 * w_i (Σw)_i = wᵀΣw / n.
 *
 * Spinu's (2013) convex formulation: y* = argmin_{y>0} ½ yᵀΣy − (1/n) Σ log y_i satisfies
 * y_i (Σy)_i = 1/n for every i, so w = y* / Σ y* is the ERC portfolio (unique when it exists). We minimise
 * it with damped Newton steps (Hessian Σ + diag(1/(n y²)), always positive definite for y > 0, Cholesky
 * solve) and a backtracking line search that keeps y > 0; convergence is quadratic, ~10 steps.
 *
 * Degenerate inputs: zero-variance assets carry no risk, so no finite ERC exists; they share all the
 * weight (the same riskless-asset rule as inverseVol and HRP). If a long-only combination of the others has
 * zero variance (the objective is unbounded below; all risk contributions of that mix are 0), no ERC
 * portfolio with positive variance exists (if Σd = 0 with d ≥ 0, then 0 = dᵀΣw = Σ d_i c / w_i for an ERC
 * w with w_i(Σw)_i = c > 0 — impossible). We then solve with the smallest relative ridge on the diagonal
 * (1e-8, 1e-6, …) that converges to precision: a diversified, nearly riskless long-only mix.
 */
import { choleskyInPlace, choleskySolveInPlace, matVec } from '../linalg';
import { checkCovariance, toFloat64Square } from '../validate';

export function riskParity(cov: number[][]): number[] {
  const n = checkCovariance('riskParity', cov);
  if (n === 1) return [1];
  const s = toFloat64Square(cov);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (s[i * n + i] === 0) zeros++;
  if (zeros > 0) {
    const w = new Array<number>(n);
    for (let i = 0; i < n; i++) w[i] = s[i * n + i] === 0 ? 1 / zeros : 0;
    return w;
  }
  let meanVar = 0;
  for (let i = 0; i < n; i++) meanVar += s[i * n + i];
  meanVar /= n;
  for (let i = 0; i < n * n; i++) s[i] /= meanVar; // scale-free tolerances; weights are scale invariant
  let y = spinuNewton(s, n);
  // No minimiser: some long-only mix has zero variance (a singular cov, e.g. fewer days than assets).
  // Every such mix has all risk contributions 0, so ERC is not unique; take the ERC portfolio of
  // Σ + ε·diag(Σ) with the smallest ε that solves to precision — it tends to a riskless mix as ε → 0.
  for (const ridge of [1e-8, 1e-6, 1e-4, 1e-2]) {
    if (y) break;
    const r = toFloat64Square(cov);
    for (let i = 0; i < n * n; i++) r[i] /= meanVar;
    for (let i = 0; i < n; i++) r[i * n + i] *= 1 + ridge;
    y = spinuNewton(r, n);
  }
  if (!y) throw new Error('riskParity: Newton iteration did not converge (is cov positive semi-definite?)');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i];
  const w = new Array<number>(n);
  for (let i = 0; i < n; i++) w[i] = y[i] / sum;
  return w;
}

/** Damped Newton on ½yᵀSy − b Σ log y (b = 1/n); returns null if it fails to converge. */
function spinuNewton(s: Float64Array, n: number): Float64Array | null {
  const b = 1 / n;
  // Start from inverse-vol weights scaled so yᵀSy = 1 (the optimum has yᵀSy = Σ b_i = 1).
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(s[i * n + i]);
  const sy = new Float64Array(n);
  matVec(s, n, y, sy);
  let q = 0;
  for (let i = 0; i < n; i++) q += y[i] * sy[i];
  const scale = q > 0 ? 1 / Math.sqrt(q) : 1; // q ≤ 0 only for a riskless start: leave it unscaled
  for (let i = 0; i < n; i++) y[i] *= scale;

  const hess = new Float64Array(n * n);
  const d = new Float64Array(n);
  const yTry = new Float64Array(n);
  const objective = (v: Float64Array): number => {
    matVec(s, n, v, sy);
    let f = 0;
    for (let i = 0; i < n; i++) f += 0.5 * v[i] * sy[i] - b * Math.log(v[i]);
    return f;
  };
  let f = objective(y);
  // The optimum has y_i·σ_i of order 1 (≤ 1 when correlations are ≥ 0); far beyond means y runs off to
  // infinity along a zero-variance direction: the objective is unbounded below.
  const runaway = 1e6;
  let gradNorm = Infinity;
  let prevGradNorm = Infinity;
  for (let it = 0; it < 100; it++) {
    matVec(s, n, y, sy);
    // gradient g = Sy − b/y (into d, negated below), Hessian S + diag(b/y²)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) hess[i * n + j] = s[i * n + j];
      hess[i * n + i] += b / (y[i] * y[i]);
      d[i] = -(sy[i] - b / y[i]);
    }
    gradNorm = 0;
    for (let i = 0; i < n; i++) gradNorm = Math.max(gradNorm, Math.abs(d[i] * y[i]));
    // y_i·g_i = y_i(Sy)_i − b is the risk-contribution error itself (b = 1/n; the RC shares are
    // (b + e_i)/(1 + Σe)), so 1e-12 means shares equal to ~1e-12. Rounding floors it near 1e-14.
    if (gradNorm < 1e-12) return y;
    // Newton converges quadratically; once it stops halving the error it has hit the rounding floor.
    if (gradNorm < 1e-8 && gradNorm > 0.5 * prevGradNorm) return y;
    prevGradNorm = gradNorm;
    if (!choleskyInPlace(hess, n)) return null;
    const g = new Float64Array(d);
    choleskySolveInPlace(hess, n, d);
    let decrement = 0; // −gᵀd, with g stored negated
    for (let i = 0; i < n; i++) decrement += g[i] * d[i];
    let alpha = 1;
    // Keep y > 0: at most 99 % of the way to the boundary along d.
    for (let i = 0; i < n; i++) if (d[i] < 0) alpha = Math.min(alpha, (-0.99 * y[i]) / d[i]);
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) yTry[i] = y[i] + alpha * d[i];
      const fTry = objective(yTry);
      if (fTry <= f - 1e-4 * alpha * decrement || decrement < 1e-28) {
        y.set(yTry);
        f = fTry;
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    if (!accepted) break;
    for (let i = 0; i < n; i++) if (y[i] * Math.sqrt(s[i * n + i]) > runaway) return null;
  }
  // Stalled at the rounding floor (near-singular covariances lose digits to cancellation in Sy):
  // accept shares equal to 1e-8, still far inside the 1e-6 promise.
  return gradNorm < 1e-8 ? y : null;
}
