export type { SleeveSpec, SleeveResult, EngineOptions, NormalizedSpec } from './types';
// The shared contracts the engine API has always exported (their one definition is @nx-sleeves/contracts).
export { validateName, NAME_PATTERN, DEFAULT_ENV_ALLOW, DEFAULT_MEMORY_MB } from '@nx-sleeves/contracts';
export type { SleeveStatus, FileEntry, RunRecord, PipelineContext } from '@nx-sleeves/contracts';
export { SleeveComputeEngine, defaultBudget, TICK_MS } from './engine';
export { normalizeSpec, SPEC_BOUNDS, SpecError, type NumericBound } from './validate';
export { planAdmission, overBudgetError, fitsBudget, type Resources, type QueuedSleeve } from './admission';
export { buildSleeveEnv, isAllowed, THREAD_VARS } from '../worker/env';
export { validateSlurmOptions, validateBackendName, SLURM_DEFAULTS, BACKENDS, type SlurmOptions, type SleeveBackend } from './backends';
