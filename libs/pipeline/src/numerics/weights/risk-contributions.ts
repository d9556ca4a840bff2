import { checkCovariance, checkVector, fail } from '../validate';

/**
 * Each asset's share of portfolio variance: RC_i = w_i (Σw)_i / (wᵀΣw). The shares sum to 1.
 * When the portfolio variance is 0 there is no risk to share and every entry is 0.
 */
export function riskContributions(w: number[], cov: number[][]): number[] {
  const n = checkCovariance('riskContributions', cov);
  checkVector('riskContributions', 'w', w);
  if (w.length !== n) fail('riskContributions', 'w.length', w.length, `${n} (the size of cov)`);
  const rc = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = cov[i];
    let s = 0;
    for (let j = 0; j < n; j++) s += row[j] * w[j];
    rc[i] = w[i] * s;
    total += rc[i];
  }
  for (let i = 0; i < n; i++) rc[i] = total > 0 ? rc[i] / total : 0;
  return rc;
}

/** Portfolio variance wᵀΣw (no annualisation). */
export function portfolioVariance(w: number[], cov: number[][]): number {
  const n = checkCovariance('portfolioVariance', cov);
  checkVector('portfolioVariance', 'w', w);
  if (w.length !== n) fail('portfolioVariance', 'w.length', w.length, `${n} (the size of cov)`);
  let v = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += cov[i][j] * w[j];
    v += w[i] * s;
  }
  return v;
}
