/** Sleeve and meta-portfolio profiles: schema, workspace defaults, TV_ env overrides, universe resolution. */
export { ProfileError } from './errors';
export {
  MARKETS,
  RISK_ENGINES,
  SELECTION_MODES,
  META_ENGINES,
  DESCRIPTIVE_FIELDS,
  type SleeveProfile,
  type MetaProfile,
  type MetaSleeveRef,
  type RiskEngine,
  type SelectionMode,
  type MetaEngine,
  type Resources,
} from './types';
export { loadProfile, profileSource, PROFILE_FILE, DEFAULTS_FILE } from './load-profile';
export { loadMetaProfile, META_FILE } from './meta-profile';
export { resolveUniverse, checkWindows } from './universe';
export { parseEnvOverrides, type EnvOverride } from './env-overrides';
export { deepMerge } from './merge';
export { SCHEMA_DIR } from './schemas';
