/**
 * Walk-forward schedule on the rows of a returns matrix (row d = the return from the close of day d − 1
 * to the close of day d). A rebalance at row `t` is decided with rows [t - trainWindow, t) (the train
 * window, all strictly before t: no look-ahead), i.e. at the close of row t − 1. With an execution lag
 * of L trading days it trades at the close of row t − 1 + L, so the new weights earn from row t + L
 * (L = 0: from row t). They are held for `testWindow` rows or until the next rebalance's weights start
 * earning, whichever comes first. Rebalances are `stepSize` rows apart. When stepSize > testWindow the
 * portfolio exits to cash at the end of the test window and stays in cash (rows [holdEnd, cashEnd),
 * 0 return) until the next rebalance trades. A final "live" rebalance at t = rows gives the weights to
 * hold after the last day of data. A non-live rebalance whose weights would only start earning after
 * the last row (t + L ≥ rows) is left out: it never trades inside the data.
 */
export interface Rebalance {
  t: number;
  holdStart: number;
  holdEnd: number; // exclusive; === holdStart for the live rebalance
  /** exclusive end of the cash rows after the hold (=== holdEnd unless stepSize > testWindow) */
  cashEnd: number;
  live: boolean;
}

export function rebalanceSchedule(rows: number, trainWindow: number, testWindow: number, stepSize: number, executionLag = 0): Rebalance[] {
  if (!(trainWindow >= 2) || !(testWindow >= 1) || !(stepSize >= 1)) {
    throw new Error(`walk-forward windows: expected trainWindow >= 2, testWindow >= 1, stepSize >= 1, got ${trainWindow}, ${testWindow}, ${stepSize}`);
  }
  if (!(Number.isInteger(executionLag) && executionLag >= 0)) throw new Error(`backtest.executionLag: expected an integer >= 0, got ${executionLag}`);
  const out: Rebalance[] = [];
  for (let t = trainWindow; t < rows && t + executionLag < rows; t += stepSize) {
    const holdStart = t + executionLag;
    const next = Math.min(t + stepSize + executionLag, rows);
    out.push({ t, holdStart, holdEnd: Math.min(holdStart + testWindow, next), cashEnd: next, live: false });
  }
  if (rows >= trainWindow) out.push({ t: rows, holdStart: rows, holdEnd: rows, cashEnd: rows, live: true });
  return out;
}
