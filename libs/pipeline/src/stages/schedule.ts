/**
 * Walk-forward schedule on the rows of a returns matrix. A rebalance at row `t` is decided with rows
 * [t - trainWindow, t) (the train window, all strictly before t: no look-ahead) and held from row t
 * for `testWindow` rows or until the next rebalance, whichever comes first. Rebalances are
 * `stepSize` rows apart (normally stepSize = testWindow). A final "live" rebalance at t = rows gives
 * the weights to hold after the last day of data.
 */
export interface Rebalance {
  t: number;
  holdStart: number;
  holdEnd: number; // exclusive; === holdStart for the live rebalance
  live: boolean;
}

export function rebalanceSchedule(rows: number, trainWindow: number, testWindow: number, stepSize: number): Rebalance[] {
  if (!(trainWindow >= 2) || !(testWindow >= 1) || !(stepSize >= 1)) {
    throw new Error(`walk-forward windows: expected trainWindow >= 2, testWindow >= 1, stepSize >= 1, got ${trainWindow}, ${testWindow}, ${stepSize}`);
  }
  const out: Rebalance[] = [];
  for (let t = trainWindow; t < rows; t += stepSize) {
    const next = Math.min(t + stepSize, rows);
    out.push({ t, holdStart: t, holdEnd: Math.min(t + testWindow, next), live: false });
  }
  if (rows >= trainWindow) out.push({ t: rows, holdStart: rows, holdEnd: rows, live: true });
  return out;
}
