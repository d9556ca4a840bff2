export { default as sleeveExecutor } from './executor';
export { default as sleeveBatchExecutor } from './batch';
export { normalizeExecutorOptions, effectiveRunId, outputPathOf, outputsCover } from './options';
export { buildSleeveInputs } from './meta-inputs';
export { engineBudget } from './budget';
export { formatSummary } from './summary';
export type { SleeveExecutorOptions } from './schema';
