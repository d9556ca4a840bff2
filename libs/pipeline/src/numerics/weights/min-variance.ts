/**
 * Long-only minimum-variance weights: minimise wᵀΣw subject to Σw = 1 and 0 ≤ w ≤ maxWeight.
 *
 * A convex QP solved in two phases:
 * 1. accelerated projected gradient (FISTA with adaptive restart, exact projection onto the capped
 *    simplex) — cheap iterations that find the neighbourhood of the optimum and most of the active set;
 * 2. a primal active-set method (Nocedal & Wright, Algorithm 16.3) warm-started there, which solves the
 *    equality-constrained subproblem on the free assets exactly (Cholesky) and adds/drops bounds until the
 *    KKT conditions hold — so the answer is the QP optimum to rounding, not to an iteration tolerance.
 *
 * Singular covariances (fewer days than assets, duplicated assets) make the optimum non-unique; a ridge of
 * 1e-10 × the mean variance is added so the subproblems stay positive definite, which changes the optimal
 * variance by at most that ridge (relative 1e-10). Zero-variance assets are riskless and take weight first.
 */
import { choleskyInPlace, choleskySolveInPlace, lambdaMaxBound, matVec, quadForm } from '../linalg';
import { checkCovariance, toFloat64Square } from '../validate';
import { checkMaxWeight } from './bounds';
import { projectCappedSimplex } from './simplex';

export interface MinVarianceOptions {
  /** Upper bound on every weight, in (0, 1]; at least 1/n. Default 1. */
  maxWeight?: number;
}

const RIDGE = 1e-10;

export function minVariance(cov: number[][], opts: MinVarianceOptions = {}): number[] {
  const fn = 'minVariance';
  const n = checkCovariance(fn, cov);
  const u = checkMaxWeight(fn, opts.maxWeight ?? 1, n);
  if (n === 1) return [1];
  if (u * n <= 1) return new Array<number>(n).fill(1 / n); // the only feasible point

  const h = toFloat64Square(cov);
  let meanVar = 0;
  for (let i = 0; i < n; i++) meanVar += h[i * n + i];
  meanVar /= n;
  if (meanVar === 0) return new Array<number>(n).fill(1 / n); // every portfolio is riskless
  // Work on Σ / meanVar (scale-free tolerances), plus the ridge.
  for (let i = 0; i < n * n; i++) h[i] /= meanVar;
  for (let i = 0; i < n; i++) h[i * n + i] += RIDGE;

  // A short projected-gradient warm start finds most of the active set; the active-set method then needs
  // a handful of factorisations instead of one per asset (n = 150: ~3 ms instead of ~90 ms, or ~25 ms
  // for 400 gradient steps).
  const x = projectedGradient(h, n, u, 60);
  activeSet(h, n, u, x);
  return Array.from(cleanUp(x, u));
}

/**
 * Removes rounding drift (~1e-16) without disturbing the active set: clamp to [0, u], then spread the
 * residual of Σ = 1 over the strictly interior weights, so inactive assets stay exactly 0 (or exactly u).
 */
export function cleanUp(x: Float64Array, u: number): Float64Array {
  const n = x.length;
  let sum = 0;
  let interior = 0;
  for (let i = 0; i < n; i++) {
    x[i] = x[i] < 0 ? 0 : x[i] > u ? u : x[i];
    sum += x[i];
    if (x[i] > 0 && x[i] < u) interior++;
  }
  const share = (1 - sum) / interior;
  if (interior === 0 || Math.abs(share) > 1e-9) return projectCappedSimplex(x, 0, u, x);
  for (let i = 0; i < n; i++) if (x[i] > 0 && x[i] < u) x[i] += share;
  return x;
}

/** FISTA with gradient-based adaptive restart on f(x) = ½xᵀHx − qᵀx (q = 0 when omitted) over the capped simplex. */
export function projectedGradient(h: Float64Array, n: number, u: number, iterations: number, q?: Float64Array): Float64Array {
  const step = 1 / lambdaMaxBound(h, n);
  let x: Float64Array = projectCappedSimplex(new Float64Array(n).fill(1 / n), 0, u);
  let xPrev: Float64Array = new Float64Array(x);
  const y = new Float64Array(x);
  const g = new Float64Array(n);
  const z = new Float64Array(n);
  const scratch = new Float64Array(2 * n);
  let xNext: Float64Array = new Float64Array(n);
  let t = 1;
  for (let it = 0; it < iterations; it++) {
    matVec(h, n, y, g);
    if (q) for (let i = 0; i < n; i++) g[i] -= q[i];
    for (let i = 0; i < n; i++) z[i] = y[i] - step * g[i];
    projectCappedSimplex(z, 0, u, xNext, scratch);
    // Restart momentum when it points uphill (O'Donoghue & Candès 2015).
    let uphill = 0;
    for (let i = 0; i < n; i++) uphill += g[i] * (xNext[i] - x[i]);
    const tNext = uphill > 0 ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
    const beta = uphill > 0 ? 0 : (t - 1) / tNext;
    for (let i = 0; i < n; i++) y[i] = xNext[i] + beta * (xNext[i] - x[i]);
    t = tNext;
    const tmp = xPrev;
    xPrev = x;
    x = xNext;
    xNext = tmp;
  }
  return x;
}

const FREE = 0;
const AT_LOWER = 1;
const AT_UPPER = 2;

/**
 * Primal active-set method from a feasible x (modified in place) for min ½xᵀHx − qᵀx over the capped
 * simplex (q = 0 when omitted: minimum variance; max-sharpe passes t·μ). Bounds that x meets exactly start
 * in the working set. Returns the number of iterations used.
 */
export function activeSet(h: Float64Array, n: number, u: number, x: Float64Array, q?: Float64Array): number {
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) state[i] = x[i] <= 0 ? AT_LOWER : x[i] >= u ? AT_UPPER : FREE;
  const free = new Int32Array(n);
  const a = new Float64Array(n * n);
  const solG = new Float64Array(n);
  const solOne = new Float64Array(n);
  const p = new Float64Array(n);
  const g = new Float64Array(n);
  const objective = (v: Float64Array) => {
    let f = 0.5 * quadForm(h, n, v);
    if (q) for (let i = 0; i < n; i++) f -= q[i] * v[i];
    return f;
  };
  const startValue = objective(x);
  const start = new Float64Array(x);
  let atSubproblemMin = false;
  const maxIterations = 20 * n + 100; // degenerate cycling guard; finite termination is the norm
  let it = 0;
  for (; it < maxIterations; it++) {
    matVec(h, n, x, g);
    if (q) for (let i = 0; i < n; i++) g[i] -= q[i];
    let k = 0;
    for (let i = 0; i < n; i++) if (state[i] === FREE) free[k++] = i;

    if (!atSubproblemMin && k > 0) {
      // min ½pᵀHp + gᵀp s.t. p_W = 0, Σp_F = 0  →  p_F = μ·A⁻¹1 − A⁻¹g_F with μ = 1ᵀA⁻¹g_F / 1ᵀA⁻¹1.
      for (let r = 0; r < k; r++) {
        const hr = free[r] * n;
        for (let c = 0; c <= r; c++) a[r * k + c] = h[hr + free[c]];
        solG[r] = g[free[r]];
        solOne[r] = 1;
      }
      if (!choleskyInPlace(a, k)) break; // cannot happen with the ridge; keep the feasible point
      choleskySolveInPlace(a, k, solG);
      choleskySolveInPlace(a, k, solOne);
      let sg = 0;
      let s1 = 0;
      for (let r = 0; r < k; r++) {
        sg += solG[r];
        s1 += solOne[r];
      }
      const mu = sg / s1;
      let maxP = 0;
      for (let r = 0; r < k; r++) {
        p[r] = mu * solOne[r] - solG[r];
        if (Math.abs(p[r]) > maxP) maxP = Math.abs(p[r]);
      }
      if (maxP > 1e-15) {
        // Longest step ≤ 1 that keeps the free weights inside [0, u].
        let alpha = 1;
        let block = -1;
        for (let r = 0; r < k; r++) {
          const i = free[r];
          if (p[r] < 0) {
            const s = -x[i] / p[r];
            if (s < alpha) {
              alpha = s;
              block = r;
            }
          } else if (p[r] > 0) {
            const s = (u - x[i]) / p[r];
            if (s < alpha) {
              alpha = s;
              block = r;
            }
          }
        }
        for (let r = 0; r < k; r++) x[free[r]] += alpha * p[r];
        if (block >= 0) {
          const i = free[block];
          state[i] = p[block] < 0 ? AT_LOWER : AT_UPPER;
          x[i] = state[i] === AT_LOWER ? 0 : u;
          continue;
        }
        atSubproblemMin = true;
        continue;
      }
    }

    // x minimises the subproblem: check the bound multipliers. For the equality multiplier μ, free
    // assets have g_i = μ; at a lower bound g_i − μ ≥ 0 is needed, at an upper bound μ − g_i ≥ 0.
    let mu: number;
    if (k > 0) {
      mu = 0;
      for (let r = 0; r < k; r++) mu += g[free[r]];
      mu /= k;
    } else {
      // No free asset: μ may be anything between the largest upper-bound and smallest lower-bound gradient.
      let minLower = Infinity;
      let maxUpper = -Infinity;
      for (let i = 0; i < n; i++) {
        if (state[i] === AT_LOWER && g[i] < minLower) minLower = g[i];
        if (state[i] === AT_UPPER && g[i] > maxUpper) maxUpper = g[i];
      }
      mu = Number.isFinite(minLower) && Number.isFinite(maxUpper) ? 0.5 * (minLower + maxUpper) : Number.isFinite(minLower) ? minLower : maxUpper;
    }
    let gScale = 0;
    for (let i = 0; i < n; i++) if (Math.abs(g[i]) > gScale) gScale = Math.abs(g[i]);
    const tol = 1e-12 * (gScale + 1e-300);
    let worst = -tol;
    let release = -1;
    for (let i = 0; i < n; i++) {
      const m = state[i] === AT_LOWER ? g[i] - mu : state[i] === AT_UPPER ? mu - g[i] : 0;
      if (m < worst) {
        worst = m;
        release = i;
      }
    }
    if (release < 0) break; // KKT hold: optimal
    state[release] = FREE;
    atSubproblemMin = false;
  }
  // Never return something worse than the warm start (only possible if the cycling guard tripped).
  if (objective(x) > startValue) x.set(start);
  return it;
}
