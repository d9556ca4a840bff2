/** Defaults both sides assume when nothing is configured. */

/** The shared lakehouse folder, relative to the workspace root. */
export const DEFAULT_LAKEHOUSE = 'data/lakehouse';
/** Root of the sleeve outputs, relative to the workspace root: a run's folder is `<root>/<profile>/<runId>`. */
export const DEFAULT_OUTPUTS_ROOT = 'dist/sleeves';
/** Memory limit of a sleeve in MB. */
export const DEFAULT_MEMORY_MB = 3072;

/** `<outputsRoot>/<profile>/<runId>`: where every sleeve-like project writes `artifacts.zip` and `result.json`. */
export function runOutputPath(outputsRoot: string, profile: string, runId: string): string {
  return `${outputsRoot}/${profile}/${runId}`;
}
