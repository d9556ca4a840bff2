#!/usr/bin/env node
/**
 * Runtime cache input of a meta-portfolio with pinned runs (`sleeves: [{ id, project, runId: "2024Q4" }]`).
 *
 * A pinned entry makes the meta read `<outputsRoot>/<profile>/<pinned runId>/`, which is not an output of any task
 * the meta depends on (its dependencies run with the meta's own run id), so `dependentTasksOutputFiles` does not
 * cover it, and a file input cannot either (Nx hashes only git-tracked files; `dist/` is ignored). This command,
 * run by Nx in the workspace root with the workspace-relative output folders as arguments, prints one line per
 * folder with the status and run id of its result.json and the sha256 of its artifacts.zip (or `missing`): exactly
 * the bytes the meta pipeline reads. Nothing absolute is printed, so clones in different folders hash alike.
 */
import { createHash } from 'node:crypto';
import { RESULT_FILE, ZIP_FILE } from '@nx-sleeves/contracts';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The command (arguments appended) that Nx runs as a runtime input. */
export const PINNED_RUNS_COMMAND = 'node node_modules/nx-sleeves/dist/graph/pinned-runs-cli.js';

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** One line per folder: `<folder> result=<status>/<runId>|missing|invalid zip=<sha256>|missing` (pure but for reads). */
export function pinnedRunsFingerprint(folders: string[], cwd: string = process.cwd()): string {
  const lines: string[] = [];
  for (const folder of folders) {
    if (isAbsolute(folder) || folder.split('/').includes('..')) {
      throw new Error(`pinned run folder ${JSON.stringify(folder)}: expected a workspace-relative path without ".."`);
    }
    const resultBytes = read(join(cwd, folder, RESULT_FILE));
    let result = 'missing';
    if (resultBytes) {
      try {
        const r = JSON.parse(resultBytes.toString('utf8')) as { status?: unknown; runId?: unknown };
        result = `${String(r.status)}/${String(r.runId)}`;
      } catch {
        result = 'invalid';
      }
    }
    const zip = read(join(cwd, folder, ZIP_FILE));
    const zipHash = zip ? createHash('sha256').update(zip).digest('hex') : 'missing';
    lines.push(`${folder} result=${result} zip=${zipHash}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  try {
    process.stdout.write(`${pinnedRunsFingerprint(process.argv.slice(2))}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
