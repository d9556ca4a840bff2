#!/usr/bin/env node
/**
 * Runtime cache input of the dashboard target: the run it is compared with (env NX_SLEEVES_COMPARE) is the output
 * of no task it depends on, so its bytes are hashed here: `none`, or per output folder of that run under the
 * outputs root, the status/run id of its result.json and the sha256 of its artifacts.zip (as pinned-runs-cli).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIR, DEFAULT_OUTPUTS_ROOT, isValidName } from '@nx-sleeves/contracts';
import { pinnedRunsFingerprint } from './pinned-runs-cli';

export const COMPARE_RUN_COMMAND = 'node node_modules/nx-sleeves/dist/graph/compare-run-cli.js';

export function compareRunFingerprint(outputsRoot: string, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  const runId = env.NX_SLEEVES_COMPARE;
  if (runId === undefined || runId === '') return 'compare=none';
  if (!isValidName(runId)) return `compare=invalid ${JSON.stringify(runId)}`;
  const base = join(cwd, outputsRoot);
  const folders = existsSync(base)
    ? readdirSync(base)
        .filter((p) => p !== DASHBOARD_DIR && isValidName(p) && existsSync(join(base, p, runId)))
        .sort()
        .map((p) => `${outputsRoot}/${p}/${runId}`)
    : [];
  return [`compare=${runId}`, pinnedRunsFingerprint(folders, cwd)].join('\n');
}

if (require.main === module) {
  try {
    process.stdout.write(`${compareRunFingerprint(process.argv[2] ?? DEFAULT_OUTPUTS_ROOT, process.env)}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
