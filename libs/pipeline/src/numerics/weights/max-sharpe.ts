/**
 * Long-only tangency (maximum Sharpe ratio) weights: maximise μᵀw / √(wᵀΣw) subject to Σw = 1 and
 * 0 ≤ w ≤ maxWeight (risk-free rate 0).
 *
 * The Sharpe ratio is pseudo-concave where μᵀw > 0, so its maximiser is the one point w* that satisfies the
 * first-order condition, which reads: w* minimises the convex QP ½wᵀΣw − t·μᵀw over the same set with
 * t = w*ᵀΣw* / μᵀw*. With w(t) the QP's solution (exact, by the min-variance active-set method with a linear
 * term), φ(t) = t·μᵀw(t) − w(t)ᵀΣw(t) is negative below t* and positive above it, so t* is found by
 * bracketing and bisection to machine precision; w(t) is continuous (piecewise linear) in t, so w(t*) is
 * exact to rounding.
 *
 * Fallbacks: when no feasible portfolio has μᵀw > 0 (the best is the cap filled greedily on the highest
 * μ), there is no positive Sharpe ratio to maximise and the minimum-variance portfolio is returned; when
 * every asset has zero variance, the greedy maximum-return portfolio. Σ gets the same scaling and 1e-10
 * relative ridge as `minVariance`.
 */
import { quadForm } from '../linalg';
import { checkCovariance, checkVector, fail, toFloat64Square } from '../validate';
import { activeSet, cleanUp, minVariance } from './min-variance';
import { projectCappedSimplex } from './simplex';

export interface MaxSharpeOptions {
  /** Upper bound on every weight, in (0, 1]; at least 1/n. Default 1. */
  maxWeight?: number;
}

const RIDGE = 1e-10;
const FEASIBILITY_SLACK = 1e-12;

export function maxSharpe(cov: number[][], mu: number[], opts: MaxSharpeOptions = {}): number[] {
  const fn = 'maxSharpe';
  const n = checkCovariance(fn, cov);
  checkVector(fn, 'mu', mu);
  if (mu.length !== n) fail(fn, 'mu.length', mu.length, `${n} (the size of cov)`);
  const maxWeight = opts.maxWeight ?? 1;
  if (typeof maxWeight !== 'number' || !Number.isFinite(maxWeight) || maxWeight <= 0 || maxWeight > 1) {
    fail(fn, 'maxWeight', maxWeight, 'a number in (0, 1]');
  }
  if (maxWeight * n < 1 - FEASIBILITY_SLACK) {
    fail(fn, 'maxWeight', maxWeight, `a value ≥ 1/${n} = ${1 / n} (${n} weights cannot sum to 1 with each ≤ ${maxWeight})`);
  }
  const u = Math.max(maxWeight, 1 / n);
  if (n === 1) return [1];
  if (u * n <= 1) return new Array<number>(n).fill(1 / n); // the only feasible point
  const greedy = maxReturnPortfolio(mu, u);
  if (dot(mu, greedy) <= 0) return minVariance(cov, { maxWeight: u });

  const h = toFloat64Square(cov);
  let meanVar = 0;
  for (let i = 0; i < n; i++) meanVar += h[i * n + i];
  meanVar /= n;
  if (meanVar === 0) return greedy; // every portfolio is riskless: the highest expected return wins
  for (let i = 0; i < n * n; i++) h[i] /= meanVar;
  for (let i = 0; i < n; i++) h[i * n + i] += RIDGE;
  const m = Float64Array.from(mu);

  const q = new Float64Array(n);
  let x: Float64Array = projectCappedSimplex(new Float64Array(n).fill(1 / n), 0, u);
  // w(t), warm-started from the previous solution (always feasible), and φ(t)
  const solve = (t: number): { w: Float64Array; phi: number } => {
    for (let i = 0; i < n; i++) q[i] = t * m[i];
    const w = new Float64Array(x);
    activeSet(h, n, u, w, q);
    cleanUp(w, u);
    x = w;
    return { w, phi: t * dot(m, w) - quadForm(h, n, w) };
  };
  // φ(0) = −w(0)ᵀΣw(0) < 0; grow the bracket until φ ≥ 0 (w(t) tends to the max-return corner, where μᵀw > 0)
  let lo = 0;
  let hi = 1;
  let wHi = solve(hi);
  let wLo = wHi.w;
  for (let k = 0; wHi.phi < 0 && k < 2000; k++) {
    lo = hi;
    wLo = wHi.w;
    hi *= 2;
    wHi = solve(hi);
  }
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    const s = solve(mid);
    if (s.phi < 0) {
      lo = mid;
      wLo = s.w;
    } else {
      hi = mid;
      wHi = s;
    }
  }
  const sharpeOf = (w: Float64Array) => dot(m, w) / Math.sqrt(quadForm(h, n, w));
  return Array.from(sharpeOf(wLo) > sharpeOf(wHi.w) ? wLo : wHi.w);
}

/** argmax μᵀw over {Σw = 1, 0 ≤ w ≤ u}: fill the cap on the highest μ first (ties by index). */
export function maxReturnPortfolio(mu: ArrayLike<number>, u: number): number[] {
  const n = mu.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => mu[b] - mu[a] || a - b);
  const w = new Array<number>(n).fill(0);
  let left = 1;
  for (const i of order) {
    if (left <= 0) break;
    w[i] = Math.min(u, left);
    left -= w[i];
  }
  return w;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
