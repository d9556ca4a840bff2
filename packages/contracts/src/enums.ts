/** Closed sets of values the profile schemas, the pipeline, the generators and the engine share. */

/** Markets of the built-in lakehouse (`tools/market-data`). */
export const MARKETS = ['us_equity', 'crypto', 'etf'] as const;
export type Market = (typeof MARKETS)[number];

export const RISK_ENGINES = ['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp', 'max_sharpe'] as const;
export type RiskEngine = (typeof RISK_ENGINES)[number];

/** Engines a meta-portfolio can allocate with (no min_variance: sleeves are whole clusters). */
export const META_ENGINES = ['hrp', 'equal_weight', 'inverse_vol', 'risk_parity'] as const;
export type MetaEngine = (typeof META_ENGINES)[number];

export const SELECTION_MODES = ['momentum', 'sharpe'] as const;
export type SelectionMode = (typeof SELECTION_MODES)[number];

export const DIRECTIONS = ['long', 'short', 'long_short'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** How a sleeve run ended (result.json `status`). */
export const SLEEVE_STATUSES = ['success', 'failed', 'timeout', 'oom', 'crashed', 'cancelled'] as const;
export type SleeveStatus = (typeof SLEEVE_STATUSES)[number];

/** Profile fields that never change results: left out of cache keys and comparisons. */
export const DESCRIPTIVE_FIELDS = ['$schema', 'name', 'description', 'tags', 'notes'] as const;
