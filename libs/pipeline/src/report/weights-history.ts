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
}

/**
 * The top `n` assets by average weight over the rebalances, every other asset summed into "other". Negative
 * (short) weights are left out of the bands: a stack only shows long exposure.
 */
export function topNBands(h: WeightsHistory, n = 8): StackedBands {
  const avg = h.ids.map((id, a) => ({ id, a, w: h.weights.reduce((s, row) => s + Math.max(0, row[a] ?? 0), 0) / Math.max(1, h.weights.length) }));
  const held = avg.filter((x) => x.w > 0).sort((x, y) => y.w - x.w || (x.id < y.id ? -1 : 1));
  const top = held.slice(0, n);
  const rest = held.slice(n);
  const labels = top.map((x) => x.id);
  const values = top.map((x) => h.weights.map((row) => Math.max(0, row[x.a] ?? 0)));
  if (rest.length) {
    labels.push('other');
    values.push(h.weights.map((row) => rest.reduce((s, x) => s + Math.max(0, row[x.a] ?? 0), 0)));
  }
  return { dates: h.dates, labels, values };
}
