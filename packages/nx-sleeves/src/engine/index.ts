export type { SleeveStatus, SleeveSpec, FileEntry, RunRecord, SleeveResult, EngineOptions, NormalizedSpec } from './types';
export { SleeveComputeEngine, defaultBudget, TICK_MS } from './engine';
export { validateName, normalizeSpec, NAME_PATTERN, DEFAULT_ENV_ALLOW, DEFAULT_MEMORY_MB, SPEC_BOUNDS, SpecError, type NumericBound } from './validate';
export { planAdmission, overBudgetError, fitsBudget, type Resources, type QueuedSleeve } from './admission';
export { buildSleeveEnv, isAllowed, THREAD_VARS } from '../worker/env';
export type { PipelineContext } from '../worker/sleeve-worker';
export { validateSlurmOptions, validateBackendName, SLURM_DEFAULTS, BACKENDS, type SlurmOptions, type SleeveBackend } from './backends';
