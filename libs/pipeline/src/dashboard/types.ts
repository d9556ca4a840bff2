import type { PerformanceMetrics } from '../report/metrics';

/** One sleeve or meta-portfolio of a run, as read from its output folder (result.json + artifacts.zip). */
export interface RunEntry {
  profile: string;
  kind: 'sleeve' | 'meta-portfolio';
  /** result.json status, or `missing` when the folder has no result.json */
  status: string;
  /** one-line error (result.json's, or why the outputs could not be read) */
  error?: string;
  durationMs?: number;
  peakRssMb?: number;
  dates: string[];
  returns: number[];
  metrics?: PerformanceMetrics;
  /** average turnover per rebalance (reports/metrics.json), null when unknown */
  avgTurnover: number | null;
  /** live asset weights (data/weights.json) */
  weights: Record<string, number>;
  /** meta-portfolio: its inputs with their live sleeve weight (config/resolved_meta.json + data/sleeve_weights.json) */
  children?: { id: string; profile: string; runId: string; weight: number | null }[];
  /** last lines of logs/sleeve.log (failed sleeves) */
  logTail: string[];
  /** tearsheet href relative to the dashboard page, when the file exists */
  tearsheetHref?: string;
}

export interface RunData {
  runId: string;
  entries: RunEntry[];
}
