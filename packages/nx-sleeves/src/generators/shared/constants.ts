/**
 * Names the generators validate against. They mirror `libs/pipeline/src/profile` (the schema owner);
 * `constants.spec.ts` fails if the two drift apart. Kept here because the plugin must not load the
 * pipeline library at generator time (a user's workspace may not have built it yet).
 */
export const PLUGIN_NAME = 'nx-sleeves';

export const RISK_ENGINES = ['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp', 'max_sharpe'] as const;
export type RiskEngine = (typeof RISK_ENGINES)[number];

/** Engines a meta-portfolio can allocate with (no min_variance: sleeves are whole clusters). */
export const META_ENGINES = ['hrp', 'equal_weight', 'inverse_vol', 'risk_parity'] as const;
export type MetaEngine = (typeof META_ENGINES)[number];

export const SELECTION_MODES = ['momentum', 'sharpe'] as const;
export type SelectionMode = (typeof SELECTION_MODES)[number];

/** Markets of the built-in lakehouse (`tools/market-data`). */
export const MARKETS = ['us_equity', 'crypto', 'etf'] as const;
export type Market = (typeof MARKETS)[number];

/** Profile names, run ids and project folder names (contracts.md); the graph plugin's own definitions. */
export { NAME_RE as NAME_PATTERN } from '../../graph/names';
export { META_FILE, SLEEVE_FILE } from '../../graph/profile';

/** Where a sleeve.json may find its JSON Schema, in order: this repository, then an installed package. */
export const SCHEMA_LOCATIONS = ['libs/pipeline/schema/sleeve.schema.json', 'node_modules/@nx-sleeves/pipeline/schema/sleeve.schema.json'];
export const META_SCHEMA_LOCATIONS = ['libs/pipeline/schema/meta-portfolio.schema.json', 'node_modules/@nx-sleeves/pipeline/schema/meta-portfolio.schema.json'];
