/**
 * The command a Slurm job runs: `node [--max-old-space-size=N] slurm-main.js <sandbox>/.control/task.json`.
 * It runs the very same worker code as the local backend (runSleeveTask) and writes the pipeline's verdict
 * to <sandbox>/.control/outcome.json (temp name + rename); crashes, OOM kills and timeouts are read from
 * Slurm's job state by the engine. The job's stdout/stderr are the sleeve's log (sbatch --output).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandboxLayout } from '../sandbox/layout';
import { startHeartbeatGuard } from './heartbeat-guard';
import type { WorkerTask } from './protocol';
import { runSleeveTask } from './sleeve-worker';
import { writeSmallFileAtomic } from '../artifacts/atomic';

async function main(taskFile: string): Promise<void> {
  const task = JSON.parse(fs.readFileSync(taskFile, 'utf8')) as WorkerTask;
  const l = sandboxLayout(task.sandboxDir);
  if (task.heartbeatStaleMs) startHeartbeatGuard(l.heartbeatFile, task.heartbeatStaleMs);
  const outcome = await runSleeveTask(task);
  writeSmallFileAtomic(l.outcomeFile, JSON.stringify(outcome));
  process.exit(0);
}

const taskFile = process.argv[2];
if (!taskFile || !path.isAbsolute(taskFile)) {
  process.stderr.write(`slurm-main: expected the absolute path of a task.json, got ${JSON.stringify(taskFile)}\n`);
  process.exit(2);
}
main(taskFile).catch((e: Error) => {
  process.stderr.write(`slurm-main: ${e.message}\n`);
  process.exit(1);
});
