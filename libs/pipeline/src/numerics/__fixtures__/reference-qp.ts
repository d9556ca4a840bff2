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
    for (let i = 0; i < n; i++) if (w[i] > cap) {
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
