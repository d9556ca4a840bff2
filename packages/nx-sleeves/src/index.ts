/**
 * The nx-sleeves plugin: Nx loads `createNodes`/`createDependencies` from here (inferred sleeve targets), the
 * executor from executors.json, and scripts can use the engine API without Nx.
 */
import { createDependencies, createNodes, createNodesV2 } from './graph';

export { createNodes, createNodesV2, createDependencies };
export * from './engine';
// Profile fields left out of cache keys (one definition: @nx-sleeves/contracts' DESCRIPTIVE_FIELDS).
export { DESCRIPTIVE_FIELDS as NON_RESULT_FIELDS } from '@nx-sleeves/contracts';
export {
  readSleeveProfile,
  readMetaPortfolio,
  normalizePluginOptions,
  type SleevesPluginOptions,
  type SleeveProfileInfo,
  type MetaPortfolioInfo,
} from './graph';
export type { SleeveExecutorOptions } from './executors/sleeve/schema';
