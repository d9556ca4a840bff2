/**
 * The file tinypool loads in each sleeve process (engine/pool.ts WORKER_FILE). tinypool loads it with `import()`,
 * and for a CommonJS file Node's ES-module loader first scans the whole source (cjs-module-lexer) for its named
 * exports: ≈ 25 ms of CPU per sleeve for the 42 KB one-file worker, measured in a tinypool child. This file only
 * names the export; the worker itself (`sleeve-worker.bundle.js`, tools/build/bundle.js) is `require`d by the task.
 */
import type { WorkerOutcome, WorkerTask } from './protocol';

export function runSleeveTask(task: WorkerTask): Promise<WorkerOutcome> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the task, beside this file in dist/worker
  const worker = require('./sleeve-worker.bundle.js') as typeof import('./sleeve-worker');
  return worker.runSleeveTask(task);
}
