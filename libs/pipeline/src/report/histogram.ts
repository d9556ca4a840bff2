export interface Histogram {
  /** left edge of the first bin and the common bin width */
  lo: number;
  width: number;
  counts: number[];
  /** expected count per bin under N(mean, sample std): n × width × φ(bin centre) */
  normal: number[];
  mean: number;
  std: number;
}

export const MIN_BINS = 10;
export const MAX_BINS = 80;

/** Quantile with linear interpolation between order statistics (type 7: h = (n − 1)p). */
export function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/**
 * Histogram of daily returns with equal-width bins over [min, max]: the Freedman–Diaconis width 2·IQR·n^(−1/3),
 * then the bin count clamped to [MIN_BINS, MAX_BINS] (and the width recomputed as range / bins). A value equal to
 * the max falls in the last bin. The normal overlay uses the sample mean and std (n − 1).
 */
export function returnHistogram(returns: number[]): Histogram | undefined {
  const x = returns.filter(Number.isFinite);
  const n = x.length;
  if (n < 2) return undefined;
  const sorted = [...x].sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted[n - 1];
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const range = max - min;
  if (!(range > 0)) return undefined;
  const fd = 2 * (quantile(sorted, 0.75) - quantile(sorted, 0.25)) * Math.cbrt(1 / n);
  const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, fd > 0 ? Math.ceil(range / fd) : MIN_BINS));
  const width = range / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of x) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  const normal = counts.map((_, i) => {
    const c = min + (i + 0.5) * width;
    return std > 0 ? (n * width * Math.exp(-0.5 * ((c - mean) / std) ** 2)) / (std * Math.sqrt(2 * Math.PI)) : 0;
  });
  return { lo: min, width, counts, normal, mean, std };
}
