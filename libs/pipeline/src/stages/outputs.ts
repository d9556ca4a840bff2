import { cell, round } from '../report/format';
import type { RebalanceRecord } from './walk-forward';

/** `date,return` with fixed decimals. */
export function oosReturnsCsv(dates: string[], returns: number[]): string {
  const lines = ['date,return'];
  for (let i = 0; i < dates.length; i++) lines.push(`${dates[i]},${cell(returns[i])}`);
  return lines.join('\n') + '\n';
}

/** Non-zero weights (negative = short) keyed by asset id, rounded, keys sorted (by the JSON writer). */
export function weightsRecord(ids: string[], weights: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  ids.forEach((id, a) => {
    const w = round(weights[a], 10);
    if (w !== null && w !== 0) out[id] = w; // shorts are negative
  });
  return out;
}

/** One row per rebalance: decision date, live flag, turnover, cost, then every asset ever held. */
export function weightsHistoryCsv(ids: string[], rebalances: RebalanceRecord[]): string {
  const used = ids.map((_, a) => rebalances.some((r) => r.weights[a] !== 0));
  const cols = ids
    .map((id, a) => ({ id, a }))
    .filter((c) => used[c.a])
    .sort((x, y) => (x.id < y.id ? -1 : 1));
  const lines = [['date', 'live', 'turnover', 'cost', ...cols.map((c) => c.id)].join(',')];
  for (const r of rebalances) {
    lines.push([r.asOf, r.live ? '1' : '0', cell(r.turnover, 8), cell(r.cost, 8), ...cols.map((c) => cell(r.weights[c.a], 8))].join(','));
  }
  return lines.join('\n') + '\n';
}
