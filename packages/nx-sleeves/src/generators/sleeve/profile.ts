import type { Market, RiskEngine, SelectionMode } from '@nx-sleeves/contracts';

export interface SleeveProfileInput {
  name: string;
  market: Market;
  engine: RiskEngine;
  mode: SelectionMode;
  symbols: string[];
  topN?: number;
  description?: string;
  schema?: string;
}

/**
 * Windows in bars. Crypto trades 7 days a week, so a "year" there is 365 bars; the windows are
 * sized so the walk-forward has several rebalances inside the built-in 10-year lakehouse while a
 * sleeve still finishes in seconds.
 */
const WINDOWS: Record<Market, { lookbackDays: number; minDaysFloor: number; trainWindow: number; testWindow: number }> = {
  us_equity: { lookbackDays: 756, minDaysFloor: 504, trainWindow: 252, testWindow: 21 },
  etf: { lookbackDays: 756, minDaysFloor: 504, trainWindow: 252, testWindow: 21 },
  crypto: { lookbackDays: 730, minDaysFloor: 365, trainWindow: 365, testWindow: 30 },
};

const DEFAULT_TOP_N = 10;

/** Pure: the complete sleeve.json for the options (every block explicit, so it reads on its own). */
export function buildSleeveProfile(input: SleeveProfileInput): Record<string, unknown> {
  const w = WINDOWS[input.market];
  const topN = input.topN ?? (input.symbols.length > 0 ? Math.min(DEFAULT_TOP_N, input.symbols.length) : DEFAULT_TOP_N);
  // A long-only portfolio of topN names needs maxWeight >= 1/topN to be feasible.
  const maxWeight = Math.max(0.25, Math.ceil(100 / topN) / 100);
  const universe: Record<string, unknown> = input.symbols.length > 0 ? { market: input.market, symbols: input.symbols } : { market: input.market };
  return {
    ...(input.schema ? { $schema: input.schema } : {}),
    name: input.name,
    description: input.description ?? `${label(input.mode)} sleeve on ${input.market}, weighted by ${input.engine}`,
    universe,
    data: { lookbackDays: w.lookbackDays, minDaysFloor: w.minDaysFloor, strictHealth: false },
    selection: { topN, threshold: 0, mode: input.mode },
    risk: { engine: input.engine, maxWeight, clusterCap: 0.5 },
    backtest: { trainWindow: w.trainWindow, testWindow: w.testWindow, stepSize: w.testWindow, costBps: 10 },
  };
}

function label(mode: SelectionMode): string {
  return mode === 'momentum' ? 'Momentum' : 'Sharpe-ranked';
}
