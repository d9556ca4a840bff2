/**
 * One input of a meta-portfolio, resolved by the plugin from the graph and handed to the meta pipeline as
 * `context.options.sleeveInputs`: where it finds that sleeve's `result.json` and `artifacts.zip`.
 */
export interface SleeveInput {
  /** the entry's id in meta-portfolio.json (a name) */
  id: string;
  /** the Nx project of the sleeve or nested meta */
  project: string;
  profile: string;
  runId: string;
  /** relative to the workspace root, e.g. dist/sleeves/<profile>/<runId> */
  outputPath: string;
}
