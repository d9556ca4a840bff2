/** Target weights at each rebalance, for the "weights over time" chart. */
export interface WeightsHistory {
  /** rebalance dates (each set of weights is held until the next) */
  dates: string[];
  ids: string[];
  /** weights[k][a]: weight of ids[a] set at dates[k] */
  weights: number[][];
}

/** From walk-forward rebalance records (weights over all columns). */
export function weightsHistoryOf(ids: string[], rebalances: { asOf: string; weights: ArrayLike<number> }[]): WeightsHistory {
  return { dates: rebalances.map((r) => r.asOf), ids, weights: rebalances.map((r) => Array.from(r.weights)) };
}

export interface StackedBands {
  dates: string[];
  /** band labels: the top N ids by average weight (descending, ties by id), then "other" when anything is left */
  labels: string[];
  /** values[band][k] */
  values: number[][];
  /**
   * The short side, drawn below zero: the top N ids by average short weight, then "other short"; values are the
   * short weights' magnitudes (≥ 0). Absent when no weight was ever negative.
   */
  short?: { labels: string[]; values: number[][] };
}

/** The top `n` of one side (sign 1: long weights, -1: short weights as magnitudes), the rest summed into `otherLabel`. */
function side(h: WeightsHistory, n: number, sign: 1 | -1, otherLabel: string): { labels: string[]; values: number[][] } {
  const at = (row: number[], a: number) => Math.max(0, sign * (row[a] ?? 0));
  const avg = h.ids.map((id, a) => ({ id, a, w: h.weights.reduce((s, row) => s + at(row, a), 0) / Math.max(1, h.weights.length) }));
  const held = avg.filter((x) => x.w > 0).sort((x, y) => y.w - x.w || (x.id < y.id ? -1 : 1));
  const top = held.slice(0, n);
  const rest = held.slice(n);
  const labels = top.map((x) => x.id);
  const values = top.map((x) => h.weights.map((row) => at(row, x.a)));
  if (rest.length) {
    labels.push(otherLabel);
    values.push(h.weights.map((row) => rest.reduce((s, x) => s + at(row, x.a), 0)));
  }
  return { labels, values };
}

/**
 * The top `n` assets by average weight over the rebalances, every other asset summed into "other"; when any weight
 * is negative, the same for the short side (top `n` by average short weight, then "other short"), drawn below zero.
 */
export function topNBands(h: WeightsHistory, n = 8): StackedBands {
  const long = side(h, n, 1, 'other');
  const hasShort = h.weights.some((row) => row.some((w) => w < 0));
  return hasShort ? { dates: h.dates, ...long, short: side(h, n, -1, 'other short') } : { dates: h.dates, ...long };
}
