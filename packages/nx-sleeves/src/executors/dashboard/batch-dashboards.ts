import type { ProjectGraph } from '@nx/devkit';
import { isValidName } from '@nx-sleeves/contracts';
import { compareRunId, DashboardModuleMissing, loadDashboardModule, sleeveProfiles } from './render';

/**
 * After a batch: renders the dashboard of each run id the batch ran, for every sleeve and meta of the graph, from
 * the outputs on disk (`notRun`: profiles of this batch that did not run, shown so rather than with an older result).
 * Returns the lines to print. A pipeline package without a dashboard (an older or custom one)
 * prints nothing; any other problem is one line, never a failed batch.
 */
export function batchDashboards(
  root: string,
  graph: ProjectGraph | undefined,
  runIds: string[],
  env: NodeJS.ProcessEnv,
  notRun: Record<string, string> = {},
): string[] {
  const lines: string[] = [];
  const byRoot = sleeveProfiles(graph);
  if (byRoot.size === 0) return lines;
  let dashboard;
  try {
    dashboard = loadDashboardModule(root);
  } catch (e) {
    if (e instanceof DashboardModuleMissing) return lines;
    return [`Run dashboard: not written (${(e as Error).message})`];
  }
  for (const runId of runIds.filter(isValidName).sort()) {
    for (const [outputsRoot, profiles] of byRoot) {
      try {
        const { path } = dashboard.writeDashboard({ workspaceRoot: root, outputsRoot, runId, compare: compareRunId(env), profiles, notRun });
        lines.push(`Run dashboard: ${path}`);
      } catch (e) {
        lines.push(`Run dashboard: not written (${(e as Error).message})`);
      }
    }
  }
  return lines;
}
