/**
 * Hierarchical Risk Parity, exactly as in López de Prado (2016), "Building Diversified Portfolios that
 * Outperform Out-of-Sample", and its published Python code:
 *
 * 1. correlation ρ from cov; distance d_ij = √(½(1 − ρ_ij));
 * 2. the distance of distances d̃_ij = ‖d_·i − d_·j‖₂ (Euclidean distance between the columns of d — what
 *    `scipy.cluster.hierarchy.linkage(dist, 'single')` computes when handed the square matrix d, and what
 *    the paper's text defines), clustered by single linkage;
 * 3. quasi-diagonal order: the leaves of the linkage tree, left child first, where — as in scipy — the
 *    left child of each merge is the cluster with the smaller id (leaves 0..n−1, the k-th merge n+k);
 * 4. recursive bisection of the ordered list into halves (the first half has ⌊len/2⌋ items); each half's
 *    variance is wᵀVw with inverse-variance weights w inside it; the halves get α = 1 − V₀/(V₀ + V₁) and
 *    1 − α of their parent's weight.
 *
 * Zero-variance assets: their correlation with others is 0, inside a cluster they take all the
 * inverse-variance weight, and a cluster of variance 0 takes all its parent's weight (α = 1); two riskless
 * halves split equally. Ties in the linkage are broken by asset order (may differ from scipy on exact ties).
 */
import { correlationInPlace } from '../covariance';
import { checkCovariance, toFloat64Square } from '../validate';
import { inversePowerWeights } from './inverse-vol';

export function hrp(cov: number[][]): number[] {
  const n = checkCovariance('hrp', cov);
  if (n === 1) return [1];
  const c = toFloat64Square(cov);
  const order = quasiDiagonalOrder(singleLinkage(distanceOfDistances(c, n), n), n);
  return recursiveBisection(c, n, order);
}

/** d̃ from a covariance buffer (row-major n×n). */
export function distanceOfDistances(cov: Float64Array, n: number): Float64Array {
  const rho = new Float64Array(cov);
  correlationInPlace(rho, n);
  const d = rho; // reuse: d_ij = √(½(1 − ρ_ij)), symmetric
  for (let i = 0; i < n * n; i++) d[i] = Math.sqrt(Math.max(0, 0.5 * (1 - d[i])));
  const dd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      // columns i and j of the symmetric d are its rows i and j: contiguous
      for (let k = 0; k < n; k++) {
        const t = d[i * n + k] - d[j * n + k];
        s += t * t;
      }
      const v = Math.sqrt(s);
      dd[i * n + j] = v;
      dd[j * n + i] = v;
    }
  }
  return dd;
}

/**
 * Single-linkage clustering as a scipy-style linkage: merges[k] = [left, right, height], cluster ids as
 * in scipy (leaves 0..n−1, merge k creates n+k, left = smaller id). Built from a minimum spanning tree
 * (Prim, O(n²)) whose edges, sorted by length (stable), are the merges.
 */
export function singleLinkage(dist: Float64Array, n: number): Array<[number, number, number]> {
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const edges: Array<[number, number, number]> = [];
  let current = 0;
  inTree[0] = 1;
  for (let step = 1; step < n; step++) {
    let next = -1;
    let nextDist = Infinity;
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue;
      const dv = dist[current * n + i];
      if (dv < best[i]) {
        best[i] = dv;
        parent[i] = current;
      }
      if (best[i] < nextDist || next < 0) {
        nextDist = best[i];
        next = i;
      }
    }
    inTree[next] = 1;
    edges.push([parent[next], next, nextDist]);
    current = next;
  }
  edges.sort((a, b) => a[2] - b[2]); // Array.prototype.sort is stable
  // Union-find over cluster ids to label merges like scipy's `label`.
  const root = new Int32Array(2 * n - 1);
  for (let i = 0; i < root.length; i++) root[i] = i;
  const find = (v: number): number => {
    while (root[v] !== v) {
      root[v] = root[root[v]];
      v = root[v];
    }
    return v;
  };
  return edges.map(([a, b, h], k) => {
    const ra = find(a);
    const rb = find(b);
    const id = n + k;
    root[ra] = id;
    root[rb] = id;
    return [Math.min(ra, rb), Math.max(ra, rb), h];
  });
}

/** Leaves of the linkage tree, left first (the paper's getQuasiDiag). */
export function quasiDiagonalOrder(merges: Array<[number, number, number]>, n: number): number[] {
  const order: number[] = [];
  const stack = [2 * n - 2];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id < n) order.push(id);
    else {
      const [left, right] = merges[id - n];
      stack.push(right, left); // left is popped (visited) first
    }
  }
  return order;
}

/** The paper's getRecBipart on a row-major covariance buffer and an ordering of all assets. */
export function recursiveBisection(cov: Float64Array, n: number, order: number[]): number[] {
  const w = new Float64Array(n).fill(1);
  const queue: number[][] = [order];
  while (queue.length > 0) {
    const items = queue.shift()!;
    if (items.length < 2) continue;
    const half = items.length >> 1;
    const left = items.slice(0, half);
    const right = items.slice(half);
    const v0 = clusterVariance(cov, n, left);
    const v1 = clusterVariance(cov, n, right);
    const alpha = v0 + v1 > 0 ? 1 - v0 / (v0 + v1) : 0.5;
    for (const i of left) w[i] *= alpha;
    for (const i of right) w[i] *= 1 - alpha;
    queue.push(left, right);
  }
  return Array.from(w);
}

/** wᵀVw of a cluster with inverse-variance weights inside it (the paper's getClusterVar). */
export function clusterVariance(cov: Float64Array, n: number, items: number[]): number {
  const m = items.length;
  const d = new Float64Array(m);
  for (let a = 0; a < m; a++) d[a] = cov[items[a] * n + items[a]];
  const w = inversePowerWeights(d);
  let v = 0;
  for (let a = 0; a < m; a++) {
    const ra = items[a] * n;
    let s = 0;
    for (let b = 0; b < m; b++) s += cov[ra + items[b]] * w[b];
    v += w[a] * s;
  }
  return v;
}
