/** Tiny seeded PRNG (mulberry32) and helpers for property tests: same seed, same numbers, any machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal via Box–Muller. */
export function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/**
 * A returns matrix m[day][asset] with a market factor, a sector factor (assets split into groups) and
 * idiosyncratic noise with per-asset volatility — covariances that look like real ones.
 */
export function randomReturns(seed: number, days: number, assets: number, groups = 3): number[][] {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const beta = Array.from({ length: assets }, () => 0.5 + rand());
  const vol = Array.from({ length: assets }, () => 0.005 + 0.02 * rand());
  const group = Array.from({ length: assets }, (_, i) => i % groups);
  const out: number[][] = [];
  for (let d = 0; d < days; d++) {
    const mkt = 0.01 * g();
    const sec = Array.from({ length: groups }, () => 0.006 * g());
    out.push(Array.from({ length: assets }, (_, a) => 0.0003 + beta[a] * mkt + sec[group[a]] + vol[a] * g()));
  }
  return out;
}

/** A random symmetric positive-definite matrix A·Aᵀ/k + ridge, scaled like daily return covariances. */
export function randomCovariance(seed: number, n: number, ridge = 1e-6): number[][] {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const k = n + 2;
  const a = Array.from({ length: n }, () => Array.from({ length: k }, () => 0.01 * g()));
  const c: number[][] = [];
  for (let i = 0; i < n; i++) {
    c.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i][t] * a[j][t];
      c[i].push(s / k + (i === j ? ridge : 0));
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[i][j] = c[j][i];
  return c;
}
