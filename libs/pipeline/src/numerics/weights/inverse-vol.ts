/** Inverse-volatility and inverse-variance weights. */
import { checkCovariance } from '../validate';

/**
 * w_i ∝ 1/σ_i with σ_i = √cov[i][i]. Assets with zero variance are riskless to this rule: they share
 * all the weight equally (the limit of 1/σ as σ → 0), the others get 0.
 */
export function inverseVol(cov: number[][]): number[] {
  const n = checkCovariance('inverseVol', cov);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.sqrt(cov[i][i]);
  return Array.from(inversePowerWeights(d));
}

/** w_i ∝ 1/cov[i][i] (the inverse-variance portfolio HRP uses inside clusters); same zero-variance rule. */
export function inverseVariance(cov: number[][]): number[] {
  const n = checkCovariance('inverseVariance', cov);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = cov[i][i];
  return Array.from(inversePowerWeights(d));
}

/** w_i ∝ 1/d_i for d ≥ 0; if any d_i is 0, equal weight over those and 0 elsewhere. */
export function inversePowerWeights(d: ArrayLike<number>, out = new Float64Array(d.length)): Float64Array {
  const n = d.length;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (d[i] === 0) zeros++;
  if (zeros > 0) {
    for (let i = 0; i < n; i++) out[i] = d[i] === 0 ? 1 / zeros : 0;
    return out;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += 1 / d[i];
  for (let i = 0; i < n; i++) out[i] = 1 / d[i] / s;
  return out;
}
