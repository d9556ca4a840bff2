import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_OUTPUTS_ROOT } from '@nx-sleeves/contracts';
import { writeFileAtomicSync } from '../lakehouse/atomic-write';
import { dashboardPath, loadRun } from './load';
import { renderDashboard } from './render';

export interface WriteDashboardOptions {
  workspaceRoot: string;
  /** workspace-relative root of the sleeve outputs (default dist/sleeves) */
  outputsRoot?: string;
  runId: string;
  /** another run id to compare with */
  compare?: string;
  /** the profiles of the run (default: every folder with a result.json for the run id) */
  profiles?: string[];
  /**
   * Profiles the caller did not run this time, with why (a batch: a dependency failed, cancelled, invalid options):
   * shown as `not run` even when an older result of the same run id is on disk.
   */
  notRun?: Record<string, string>;
}

/** Reads the run from disk, renders its dashboard and writes `<outputsRoot>/_runs/<runId>/index.html` (temp + rename). */
export function writeDashboard(o: WriteDashboardOptions): { path: string; html: string } {
  const outputsRoot = o.outputsRoot ?? DEFAULT_OUTPUTS_ROOT;
  const run = loadRun(o.workspaceRoot, outputsRoot, o.runId, o.profiles);
  for (const [i, e] of run.entries.entries()) {
    const why = o.notRun?.[e.profile];
    if (why !== undefined)
      run.entries[i] = { profile: e.profile, kind: e.kind, status: 'not run', error: why, dates: [], returns: [], avgTurnover: null, weights: {}, logTail: [] };
  }
  const compare = o.compare !== undefined ? loadRun(o.workspaceRoot, outputsRoot, o.compare, o.profiles) : undefined;
  if (compare && compare.runId === run.runId)
    throw new Error(`option "compare": invalid value ${JSON.stringify(o.compare)}; expected another run id than ${JSON.stringify(o.runId)}`);
  const html = renderDashboard(run, compare);
  const rel = dashboardPath(outputsRoot, o.runId);
  const abs = join(o.workspaceRoot, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileAtomicSync(abs, html);
  return { path: rel, html };
}
