/** One drawdown episode of an equity curve (growth of 1 of the daily returns). */
export interface DrawdownEpisode {
  /** first day below the previous peak */
  start: string;
  /** day of the lowest equity in the episode */
  trough: string;
  /** first day back at or above the previous peak; null while still under water at the end */
  recovery: string | null;
  /** 1 − trough equity / peak equity (a positive fraction) */
  depth: number;
  /** days under water: rows from start up to the day before recovery (to the last row when not recovered) */
  days: number;
}

/**
 * Every drawdown episode of E_t = Π_{s≤t}(1 + r_s), with the peak starting at 1 (the initial capital): an episode
 * starts on the first day E_t < peak, and ends the first day E_t ≥ that peak (the recovery, not counted in it).
 */
export function drawdownEpisodes(dates: string[], returns: number[]): DrawdownEpisode[] {
  const out: DrawdownEpisode[] = [];
  let eq = 1;
  let peak = 1;
  let cur: { start: number; trough: number; low: number } | undefined;
  for (let t = 0; t < returns.length; t++) {
    eq *= 1 + returns[t];
    if (eq >= peak) {
      if (cur) out.push({ start: dates[cur.start], trough: dates[cur.trough], recovery: dates[t], depth: 1 - cur.low / peak, days: t - cur.start });
      cur = undefined;
      peak = eq;
    } else if (!cur) {
      cur = { start: t, trough: t, low: eq };
    } else if (eq < cur.low) {
      cur.trough = t;
      cur.low = eq;
    }
  }
  if (cur) out.push({ start: dates[cur.start], trough: dates[cur.trough], recovery: null, depth: 1 - cur.low / peak, days: returns.length - cur.start });
  return out;
}

/** The `k` deepest episodes, deepest first (ties: earlier start first). */
export function worstDrawdowns(dates: string[], returns: number[], k = 5): DrawdownEpisode[] {
  return drawdownEpisodes(dates, returns)
    .sort((a, b) => b.depth - a.depth || (a.start < b.start ? -1 : 1))
    .slice(0, k);
}
