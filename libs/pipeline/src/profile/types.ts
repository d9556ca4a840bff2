import type { Direction, MetaEngine, RiskEngine, SelectionMode } from '@nx-sleeves/contracts';

// The profile's closed sets are shared with the plugin and the generators: one definition, in @nx-sleeves/contracts.
export { MARKETS, RISK_ENGINES, SELECTION_MODES, DIRECTIONS, META_ENGINES, DESCRIPTIVE_FIELDS } from '@nx-sleeves/contracts';
export type { RiskEngine, SelectionMode, Direction, MetaEngine };

export interface Resources {
  cpus?: number;
  memoryMb?: number;
  timeoutMs?: number;
}

export interface SleeveProfile {
  $schema?: string;
  name: string;
  description?: string;
  tags?: string[];
  notes?: string;
  universe: {
    symbols?: string[];
    market?: string | string[];
    sectors?: string[];
    exchanges?: string[];
    assetClasses?: string[];
    limit?: number;
    minHistoryDays?: number;
  };
  data: {
    lookbackDays: number;
    minDaysFloor: number;
    strictHealth: boolean;
    maxGapDays: number;
    maxStaleDays: number;
    priceField?: 'adj_close' | 'close';
  };
  selection: {
    topN: number;
    threshold: number;
    mode: SelectionMode;
    direction: Direction;
    grossExposure?: number;
    netExposure?: number;
  };
  risk: { engine: RiskEngine; maxWeight: number; clusterCap: number };
  backtest: {
    trainWindow: number;
    testWindow: number;
    stepSize: number;
    costBps: number;
    slippageBps: number;
    executionLag: number;
    periodsPerYear?: number;
    benchmark?: string;
  };
  resources?: Resources;
}

export interface MetaSleeveRef {
  id: string;
  project: string;
  runId?: string;
}

export interface MetaProfile {
  $schema?: string;
  name: string;
  description?: string;
  tags?: string[];
  notes?: string;
  sleeves: MetaSleeveRef[];
  allocation: { engine: MetaEngine; minWeight: number; maxWeight: number };
  /** costBps: the meta level's rate on sleeve-level turnover (default: each sleeve's own rate) */
  backtest?: { costBps?: number };
  resources?: Resources;
}
