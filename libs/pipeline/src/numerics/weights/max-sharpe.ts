/**
 * Long-only tangency (maximum Sharpe ratio) weights: maximise μᵀw / √(wᵀΣw) subject to Σw = 1 and
 * 0 ≤ w ≤ maxWeight (risk-free rate 0).
 *
 * The Sharpe ratio is pseudo-concave where μᵀw > 0, so its maximiser is the one point w* that satisfies the
 * first-order condition, which reads: w* minimises the convex QP ½wᵀΣw − t·μᵀw over the same set with
 * t = w*ᵀΣw* / μᵀw*. With w(t) the QP's solution (exact, by the min-variance active-set method with a linear
 * term), φ(t) = t·μᵀw(t) − w(t)ᵀΣw(t) is negative below t* and positive above it. t* is bracketed (from the
 * minimum-variance portfolio at t = 0), narrowed by regula falsi until both ends share an active set — where
 * w(t) is affine in t and φ a quadratic — and then solved exactly on that piece.
 *
 * Fallbacks: when no feasible portfolio has μᵀw > 0 (the best is the cap filled greedily on the highest
 * μ), there is no positive Sharpe ratio to maximise and the minimum-variance portfolio is returned; when
 * every asset has zero variance, the greedy maximum-return portfolio. Σ gets the same scaling and 1e-10
 * relative ridge as `minVariance`.
 */
import { matVec, quadForm } from '../linalg';
import { checkCovariance, checkVector, fail, toFloat64Square } from '../validate';
import { checkMaxWeight } from './bounds';
import { activeSet, cleanUp, minVariance, projectedGradient } from './min-variance';

export interface MaxSharpeOptions {
  /** Upper bound on every weight, in (0, 1]; at least 1/n. Default 1. */
  maxWeight?: number;
}

const RIDGE = 1e-10;

export function maxSharpe(cov: number[][], mu: number[], opts: MaxSharpeOptions = {}): number[] {
  const fn = 'maxSharpe';
  const n = checkCovariance(fn, cov);
  checkVector(fn, 'mu', mu);
  if (mu.length !== n) fail(fn, 'mu.length', mu.length, `${n} (the size of cov)`);
  const u = checkMaxWeight(fn, opts.maxWeight ?? 1, n);
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

  type Point = { t: number; w: Float64Array; phi: number };
  const q = new Float64Array(n);
  const phiOf = (t: number, w: Float64Array) => t * dot(m, w) - quadForm(h, n, w);
  // w(t) by the active-set method from a feasible warm start (a few steps when t moves a little)
  const solve = (t: number, start: Float64Array): Point => {
    for (let i = 0; i < n; i++) q[i] = t * m[i];
    const w = new Float64Array(start);
    activeSet(h, n, u, w, q);
    cleanUp(w, u);
    return { t, w, phi: phiOf(t, w) };
  };
  // t = 0 is the minimum-variance portfolio; φ(0) = −w₀ᵀΣw₀ < 0
  const w0 = projectedGradient(h, n, u, 60);
  activeSet(h, n, u, w0);
  cleanUp(w0, u);
  let lo: Point = { t: 0, w: w0, phi: phiOf(0, w0) };
  // first guess: the t at which φ would vanish if w stayed at w₀ (or at the max-return corner)
  const m0 = dot(m, w0);
  let t = quadForm(h, n, w0) / (m0 > 0 ? m0 : dot(m, greedy));
  for (let i = 0; i < n; i++) q[i] = t * m[i];
  let hi = solve(t, projectedGradient(h, n, u, 60, q));
  // grow the bracket until φ ≥ 0 (w(t) tends to the max-return corner, where μᵀw > 0)
  for (let k = 0; hi.phi < 0 && k < 2000; k++) {
    lo = hi;
    hi = solve(2 * hi.t, lo.w);
  }
  // w(t) is piecewise linear in t (affine while the active set stays the same): regula falsi (Illinois) on
  // φ until lo and hi share an active set, then the root of φ on that piece, a quadratic, exactly
  let loPhi = lo.phi;
  let hiPhi = hi.phi;
  let side = 0;
  for (let k = 0; k < 200 && hi.t - lo.t > 1e-15 * hi.t; k++) {
    if (sameActiveSet(lo.w, hi.w, u)) {
      const root = segmentRoot(lo, hi);
      if (root !== null) {
        const exact = solve(root, lo.w);
        return Array.from(best([lo, hi, exact]).w);
      }
    }
    t = (lo.t * hiPhi - hi.t * loPhi) / (hiPhi - loPhi);
    if (!(t > lo.t && t < hi.t)) t = 0.5 * (lo.t + hi.t);
    const s = solve(t, t - lo.t < hi.t - t ? lo.w : hi.w);
    if (s.phi < 0) {
      lo = s;
      loPhi = s.phi;
      if (side === -1) hiPhi /= 2;
      side = -1;
    } else {
      hi = s;
      hiPhi = s.phi;
      if (side === 1) loPhi /= 2;
      side = 1;
    }
  }
  return Array.from(best([lo, hi]).w);

  function best(points: Point[]): Point {
    const sharpeOf = (w: Float64Array) => dot(m, w) / Math.sqrt(quadForm(h, n, w));
    return points.reduce((a, b) => (sharpeOf(b.w) > sharpeOf(a.w) ? b : a));
  }

  /** Root of φ(t) = t·μᵀw(t) − w(t)ᵀHw(t) with w(t) affine between lo and hi; null if none inside. */
  function segmentRoot(a: Point, b: Point): number | null {
    const dt = b.t - a.t;
    const d = new Float64Array(n);
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      d[i] = (b.w[i] - a.w[i]) / dt;
      c[i] = a.w[i] - a.t * d[i];
    }
    const hd = new Float64Array(n);
    matVec(h, n, d, hd);
    const qa = dot(m, d) - dot(d, hd);
    const qb = dot(m, c) - 2 * dot(c, hd);
    const qc = -quadForm(h, n, c);
    const roots = Math.abs(qa) < 1e-300 ? [-qc / qb] : quadraticRoots(qa, qb, qc);
    const inside = roots.filter((r) => r >= a.t && r <= b.t);
    return inside.length ? inside[0] : null;
  }
}

function quadraticRoots(a: number, b: number, c: number): number[] {
  const disc = b * b - 4 * a * c;
  if (disc < 0) return [];
  // numerically stable form
  const qq = -0.5 * (b + Math.sign(b || 1) * Math.sqrt(disc));
  const r = [qq / a, qq !== 0 ? c / qq : 0];
  return r.sort((x, y) => x - y);
}

/** Same working set: every weight at 0 in both, at the cap in both, or strictly inside in both. */
function sameActiveSet(a: Float64Array, b: Float64Array, u: number): boolean {
  for (let i = 0; i < a.length; i++) {
    const sa = a[i] <= 0 ? 0 : a[i] >= u ? 2 : 1;
    const sb = b[i] <= 0 ? 0 : b[i] >= u ? 2 : 1;
    if (sa !== sb) return false;
  }
  return true;
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
