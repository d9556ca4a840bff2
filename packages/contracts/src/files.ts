/** File names the plugin, the pipeline and the generators agree on (docs/design/contracts.md). */

/** A sleeve project: a folder holding this profile file. */
export const SLEEVE_FILE = 'sleeve.json';
/** A meta-portfolio project: a folder holding this file. */
export const META_FILE = 'meta-portfolio.json';
/** Workspace defaults, deep-merged under every profile (at the workspace root). */
export const DEFAULTS_FILE = 'sleeve.defaults.json';

/** Outputs of one run, in `<outputsRoot>/<profile>/<runId>/`. */
export const ZIP_FILE = 'artifacts.zip';
export const RESULT_FILE = 'result.json';
/** Copied beside the zip when the run wrote `artifacts/reports/tearsheet.html`. */
export const TEARSHEET_FILE = 'tearsheet.html';

/** Entries of `artifacts.zip` every sleeve and meta writes, so a meta can nest metas. */
export const ZIP_ENTRIES = {
  oosReturns: 'artifacts/data/oos_returns.csv',
  weights: 'artifacts/data/weights.json',
  tearsheet: 'artifacts/reports/tearsheet.html',
  log: 'logs/sleeve.log',
} as const;

/** The sleeve's log file, in the sandbox's `data/logs/` and in the zip's `logs/`. */
export const SLEEVE_LOG_FILE = 'sleeve.log';

/** The lakehouse's list of symbols, at its root. */
export const CATALOG_FILE = 'catalog.json';

/** Folder of the run dashboards under the outputs root (`<outputsRoot>/_runs/<runId>/index.html`); never a profile. */
export const DASHBOARD_DIR = '_runs';
