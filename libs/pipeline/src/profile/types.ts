export const MARKETS = ['us_equity', 'crypto', 'etf'] as const;
export const RISK_ENGINES = ['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp', 'max_sharpe'] as const;
export const SELECTION_MODES = ['momentum', 'sharpe'] as const;
export const DIRECTIONS = ['long', 'short', 'long_short'] as const;
export const META_ENGINES = ['hrp', 'equal_weight', 'inverse_vol', 'risk_parity'] as const;

export type RiskEngine = (typeof RISK_ENGINES)[number];
export type SelectionMode = (typeof SELECTION_MODES)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type MetaEngine = (typeof META_ENGINES)[number];

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

/** Fields that never change results (left out of cache keys / comparisons by callers). */
export const DESCRIPTIVE_FIELDS = ['$schema', 'name', 'description', 'tags', 'notes'] as const;
