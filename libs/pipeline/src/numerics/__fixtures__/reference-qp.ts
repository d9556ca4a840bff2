/**
 * A slow, independent reference for the long-only capped minimum-variance QP, for tests on n ≤ 7:
 * enumerate every split of the assets into {at 0, at the cap, free}, solve the equality-constrained
 * problem on the free ones by Gaussian elimination on the KKT system, keep the feasible candidates and
 * return the best. The optimum is one of the candidates and every candidate is feasible, so the minimum
 * over them is the optimum (for a positive-definite covariance).
 */
export function bruteForceMinVariance(cov: number[][], cap: number): { weights: number[]; variance: number } {
  const n = cov.length;
  let best: number[] | null = null;
  let bestVar = Infinity;
  const total = 3 ** n;
  for (let code = 0; code < total; code++) {
    const kind: number[] = [];
    let c = code;
    for (let i = 0; i < n; i++) {
      kind.push(c % 3); // 0 = at 0, 1 = at the cap, 2 = free
      c = Math.floor(c / 3);
    }
    const free = kind.flatMap((k, i) => (k === 2 ? [i] : []));
    const capped = kind.flatMap((k, i) => (k === 1 ? [i] : []));
    const rest = 1 - capped.length * cap;
    if (free.length === 0 || rest < -1e-12) continue;
    // KKT: Σ_FF w_F − μ 1 = −Σ_FU cap 1,  1ᵀ w_F = rest
    const k = free.length;
    const a: number[][] = [];
    for (let r = 0; r < k; r++) {
      const row = free.map((j) => cov[free[r]][j]);
      row.push(-1);
      row.push(-capped.reduce((s, j) => s + cov[free[r]][j] * cap, 0));
      a.push(row);
    }
    a.push([...new Array(k).fill(1), 0, rest]);
    const sol = gaussSolve(a);
    if (!sol) continue;
    const w = new Array(n).fill(0);
    capped.forEach((j) => (w[j] = cap));
    let ok = true;
    free.forEach((j, r) => {
      w[j] = sol[r];
      if (sol[r] < -1e-12 || sol[r] > cap + 1e-12) ok = false;
    });
    if (!ok) continue;
    const v = quad(cov, w);
    if (v < bestVar) {
      bestVar = v;
      best = w;
    }
  }
  if (!best) throw new Error('bruteForceMinVariance: no feasible candidate');
  return { weights: best, variance: bestVar };
}

export function quad(cov: number[][], w: number[]): number {
  let v = 0;
  for (let i = 0; i < w.length; i++) for (let j = 0; j < w.length; j++) v += w[i] * cov[i][j] * w[j];
  return v;
}

/** Gaussian elimination with partial pivoting on an augmented matrix [A | b]; null if singular. */
function gaussSolve(aug: number[][]): number[] | null {
  const m = aug.length;
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(aug[r][col]) > Math.abs(aug[piv][col])) piv = r;
    if (Math.abs(aug[piv][col]) < 1e-300) return null;
    [aug[col], aug[piv]] = [aug[piv], aug[col]];
    for (let r = col + 1; r < m; r++) {
      const f = aug[r][col] / aug[col][col];
      for (let c = col; c <= m; c++) aug[r][c] -= f * aug[col][c];
    }
  }
  const x = new Array(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let s = aug[r][m];
    for (let c = r + 1; c < m; c++) s -= aug[r][c] * x[c];
    x[r] = s / aug[r][r];
  }
  return x;
}

/** A random feasible point of { Σw = 1, 0 ≤ w ≤ cap }: a random Dirichlet-like draw, with excess above the cap moved to assets with room. */
export function randomFeasible(rand: () => number, n: number, cap: number): number[] {
  if (cap * n <= 1 + 1e-12) return new Array(n).fill(1 / n); // the only feasible point
  const w = Array.from({ length: n }, () => -Math.log(1 - rand()));
  const s = w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) w[i] /= s;
  for (let pass = 0; pass < n; pass++) {
    let excess = 0;
    for (let i = 0; i < n; i++)
      if (w[i] > cap) {
        excess += w[i] - cap;
        w[i] = cap;
      }
    if (excess <= 0) break;
    const room = w.map((x) => cap - x);
    const totalRoom = room.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) w[i] += (excess * room[i]) / totalRoom;
  }
  return w;
}

/**
 * A slow, independent reference for the long-only capped tangency portfolio (n ≤ 6), on the homogenised
 * form: min yᵀΣy s.t. μᵀy = 1, 1ᵀy = s, 0 ≤ y ≤ cap·s (then w = y/s, Sharpe = 1/√(yᵀΣy)). Every split of the
 * assets into {y = 0, y = cap·s, free} gives a linear KKT system in (y_F, s, λ₁, λ₂), solved by Gaussian
 * elimination; the feasible candidate with the smallest yᵀΣy is the optimum.
 */
export function bruteForceMaxSharpe(cov: number[][], mu: number[], cap: number): { weights: number[]; sharpe: number } {
  const n = cov.length;
  let best: number[] | null = null;
  let bestVal = Infinity;
  for (let code = 0; code < 3 ** n; code++) {
    const kind: number[] = [];
    let c = code;
    for (let i = 0; i < n; i++) {
      kind.push(c % 3);
      c = Math.floor(c / 3);
    }
    const free = kind.flatMap((k, i) => (k === 2 ? [i] : []));
    const up = kind.flatMap((k, i) => (k === 1 ? [i] : []));
    if (free.length + up.length === 0) continue;
    const k = free.length;
    // unknowns: y_F (k), s, λ₁, λ₂ → k + 3 equations
    const cols = k + 3;
    const rowOf = (i: number) => {
      // (Σy)_i as coefficients of (y_F, s)
      const r = new Array(cols + 1).fill(0);
      free.forEach((j, q) => (r[q] = cov[i][j]));
      r[k] = cap * up.reduce((a, j) => a + cov[i][j], 0);
      return r;
    };
    const a: number[][] = [];
    for (const i of free) {
      const r = rowOf(i);
      r[k + 1] = -mu[i];
      r[k + 2] = -1;
      a.push(r);
    }
    // stationarity in s: c Σ_U (Σy)_i − λ₁ c Σ_U μ_i − λ₂ (c|U| − 1) = 0
    const rs = new Array(cols + 1).fill(0);
    for (const i of up) {
      const r = rowOf(i);
      for (let q = 0; q <= k; q++) rs[q] += cap * r[q];
    }
    rs[k + 1] = -cap * up.reduce((acc, j) => acc + mu[j], 0);
    rs[k + 2] = -(cap * up.length - 1);
    a.push(rs);
    const r1 = new Array(cols + 1).fill(0);
    free.forEach((j, q) => (r1[q] = mu[j]));
    r1[k] = cap * up.reduce((acc, j) => acc + mu[j], 0);
    r1[cols] = 1;
    a.push(r1);
    const r2 = new Array(cols + 1).fill(0);
    free.forEach((_, q) => (r2[q] = 1));
    r2[k] = cap * up.length - 1;
    a.push(r2);
    const sol = gaussSolve(a);
    if (!sol) continue;
    const s = sol[k];
    if (!(s > 1e-12)) continue;
    const y = new Array(n).fill(0);
    up.forEach((j) => (y[j] = cap * s));
    let ok = true;
    free.forEach((j, q) => {
      y[j] = sol[q];
      if (sol[q] < -1e-12 * s || sol[q] > cap * s * (1 + 1e-12)) ok = false;
    });
    if (!ok) continue;
    const v = quad(cov, y);
    if (v < bestVal) {
      bestVal = v;
      best = y.map((x) => x / s);
    }
  }
  if (!best) throw new Error('bruteForceMaxSharpe: no feasible candidate (is some μ > 0?)');
  return { weights: best, sharpe: 1 / Math.sqrt(bestVal) };
}

export function sharpeOf(cov: number[][], mu: number[], w: number[]): number {
  return w.reduce((a, x, i) => a + x * mu[i], 0) / Math.sqrt(quad(cov, w));
}
