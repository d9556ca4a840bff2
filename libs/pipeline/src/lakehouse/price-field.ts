import type { Bars, PriceField } from './types';

/**
 * The bars whose `close` is the price returns are computed from (pure). Rule: the adjusted close when the file has
 * one, else the close; `data.priceField` forces one ("adj_close" on a file without one is an error naming it).
 * With the adjusted close, open/high/low are scaled by the same day's factor adj_close / close (so low <= close <=
 * high still holds); volume is left as traded. The result records the field in `priceField`.
 */
export function applyPriceField(bars: Bars, file: string, wanted?: PriceField): Bars {
  const adj = bars.adjClose;
  if (wanted === 'adj_close' && !adj) {
    throw new Error(
      `${file}: data.priceField is "adj_close" but the file has no adjusted close column (expected one named adj_close or "Adj Close"); set data.priceField to "close" or add the column`,
    );
  }
  if (wanted === 'close' || !adj) return { ...bars, priceField: 'close' };
  const scale = (x: Float64Array) =>
    Float64Array.from(x, (v, i) => {
      const c = bars.close[i];
      if (v === c) return adj[i];
      return Number.isFinite(c) && c !== 0 ? v * (adj[i] / c) : NaN;
    });
  return { ...bars, open: scale(bars.open), high: scale(bars.high), low: scale(bars.low), close: Float64Array.from(adj), priceField: 'adj_close' };
}

/** Ids per price field used, for the audit trail (ids sorted). */
export function priceFieldSummary(bars: Iterable<Bars>): Record<PriceField, string[]> {
  const out: Record<PriceField, string[]> = { adj_close: [], close: [] };
  for (const b of bars) out[b.priceField ?? 'close'].push(b.id);
  out.adj_close.sort();
  out.close.sort();
  return out;
}
