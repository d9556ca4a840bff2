import type { PerformanceMetrics } from './metrics';
import type { WeightsHistory } from './weights-history';

/** Everything the report renderers need; built by the sleeve pipeline or the meta pipeline. */
export interface ReportModel {
  kind: 'sleeve' | 'meta-portfolio';
  title: string;
  description?: string;
  runId: string;
  dates: string[];
  returns: number[];
  metrics: PerformanceMetrics;
  benchmark?: { id: string; returns: number[]; metrics: PerformanceMetrics };
  /** latest (live) asset weights */
  weights: Record<string, number>;
  /** optional group per asset id (sector / market) for the weights table */
  groups?: Record<string, string>;
  /** long (≥ 0) and short (≤ 0) exposure of the target weights at each rebalance (charted when any is short) */
  exposures?: { dates: string[]; long: number[]; short: number[] };
  /** meta-portfolio: weight of each sleeve */
  allocation?: { id: string; project: string; weight: number; sharpe: number | null }[];
  rebalancing: { count: number; avgTurnover: number; totalCost: number };
  /** key facts shown in the configuration panel, in order */
  facts: [string, string][];
  /** target weights at each rebalance (weights-over-time chart); optional */
  weightsHistory?: WeightsHistory;
  /** notes such as health exclusions, one line each */
  notes: string[];
}
