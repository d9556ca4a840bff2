/**
 * @nx-sleeves/contracts: the one definition of what the nx-sleeves plugin, the pipeline and the generators share
 * (docs/design/contracts.md). No dependencies and no I/O, so any side can load it at any time.
 */
export { NAME_PATTERN, isValidName, assertName, validateName } from './names';
export { ENV_ALLOW_PATTERN, DEFAULT_ENV_ALLOW } from './env';
export {
  SLEEVE_FILE,
  META_FILE,
  DEFAULTS_FILE,
  ZIP_FILE,
  RESULT_FILE,
  TEARSHEET_FILE,
  ZIP_ENTRIES,
  SLEEVE_LOG_FILE,
  CATALOG_FILE,
  DASHBOARD_DIR,
} from './files';
export { DEFAULT_LAKEHOUSE, DEFAULT_OUTPUTS_ROOT, DEFAULT_MEMORY_MB, runOutputPath } from './defaults';
export {
  MARKETS,
  RISK_ENGINES,
  META_ENGINES,
  SELECTION_MODES,
  DIRECTIONS,
  SLEEVE_STATUSES,
  DESCRIPTIVE_FIELDS,
  type Market,
  type RiskEngine,
  type MetaEngine,
  type SelectionMode,
  type Direction,
  type SleeveStatus,
} from './enums';
export { SYMBOL_ID_PATTERN, isSymbolId } from './symbols';
export type { PipelineContext } from './pipeline-context';
export type { FileEntry, RunRecord, ResultJson } from './run-record';
export type { SleeveInput } from './sleeve-input';
