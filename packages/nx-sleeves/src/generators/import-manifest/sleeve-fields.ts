import { checks, type Check } from './checks';

/**
 * snake_case fields of a Python sleeve profile that map one-to-one onto sleeve.json
 * (`block.field` → `[section, camelField]`). Fields handled by hand in map-sleeve.ts
 * (engines, markets, symbols, costs, benchmark) carry `to: null`.
 */
export interface FieldSpec {
  check: Check;
  to: [string, string] | null;
}

export const SLEEVE_BLOCKS: Record<string, Record<string, FieldSpec>> = {
  discovery: {
    market: { check: checks.string, to: null },
    markets: { check: checks.stringList, to: null },
    enabled_markets: { check: checks.stringList, to: null },
    // scanner paths hint at asset classes and exchanges (universe-hints.ts)
    scanners: { check: checks.stringList, to: null },
    strategies: { check: checks.object, to: null },
    symbols: { check: checks.symbolList, to: null },
    exchanges: { check: checks.stringList, to: null },
    sectors: { check: checks.stringList, to: null },
    limit: { check: checks.positiveInteger, to: ['universe', 'limit'] },
    max_symbols: { check: checks.positiveInteger, to: ['universe', 'limit'] },
    min_history_days: { check: checks.positiveInteger, to: ['universe', 'minHistoryDays'] },
  },
  data: {
    lookback_days: { check: checks.positiveInteger, to: ['data', 'lookbackDays'] },
    min_days_floor: { check: checks.positiveInteger, to: ['data', 'minDaysFloor'] },
    strict_health: { check: checks.boolean, to: ['data', 'strictHealth'] },
  },
  selection: {
    top_n: { check: checks.positiveInteger, to: ['selection', 'topN'] },
    threshold: { check: checks.number, to: ['selection', 'threshold'] },
    mode: { check: checks.string, to: null },
  },
  risk: {
    engine: { check: checks.string, to: null },
    cluster_cap: { check: checks.unitCap, to: ['risk', 'clusterCap'] },
    max_weight: { check: checks.unitCap, to: ['risk', 'maxWeight'] },
  },
  backtest: {
    train_window: { check: checks.positiveInteger, to: ['backtest', 'trainWindow'] },
    test_window: { check: checks.positiveInteger, to: ['backtest', 'testWindow'] },
    step_size: { check: checks.positiveInteger, to: ['backtest', 'stepSize'] },
    backtest_slippage: { check: checks.costFraction, to: null },
    backtest_commission: { check: checks.costFraction, to: null },
    benchmark_symbols: { check: checks.symbolList, to: null },
    profiles: { check: checks.stringList, to: null },
    engines: { check: checks.stringList, to: null },
  },
  // Only the direction flags have a counterpart (selection.direction); the pipeline computes its own features.
  features: {
    feat_short_direction: { check: checks.boolean, to: null },
    feat_dynamic_direction: { check: checks.boolean, to: null },
  },
};

/** Top-level keys of a sleeve profile besides the blocks. */
export const SLEEVE_SCALARS: Record<string, Check> = { description: checks.string };

export const META_ENTRY_FIELDS: Record<string, Check> = {
  id: checks.name,
  profile: checks.string,
  meta_profile: checks.string,
  run_id: checks.name,
};

export const META_ALLOCATION_FIELDS: Record<string, Check> = {
  engine: checks.string,
  profile: checks.string,
  min_weight: checks.unitFloor,
  max_weight: checks.unitCap,
};
