import { checkCovariance, checkVector, fail } from '../validate';

/**
 * Each asset's share of portfolio variance: RC_i = w_i (Σw)_i / (wᵀΣw). The shares sum to 1.
 * When the portfolio is riskless — its variance is 0, or below 1e-9 of (Σ|w_i|σ_i)², the variance it
 * would have if every asset were perfectly correlated, i.e. rounding noise — every entry is 0.
 */
export function riskContributions(w: number[], cov: number[][]): number[] {
  const n = checkCovariance('riskContributions', cov);
  checkVector('riskContributions', 'w', w);
  if (w.length !== n) fail('riskContributions', 'w.length', w.length, `${n} (the size of cov)`);
  const rc = new Array<number>(n);
  let total = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(w[i]) * Math.sqrt(cov[i][i]);
  for (let i = 0; i < n; i++) {
    const row = cov[i];
    let s = 0;
    for (let j = 0; j < n; j++) s += row[j] * w[j];
    rc[i] = w[i] * s;
    total += rc[i];
  }
  const riskless = !(total > 1e-9 * scale * scale);
  for (let i = 0; i < n; i++) rc[i] = riskless ? 0 : rc[i] / total;
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
