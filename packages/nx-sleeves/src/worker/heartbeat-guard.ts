import { Worker } from 'node:worker_threads';

/**
 * For a sleeve running as a Slurm job: if the engine that submitted it dies (even by SIGKILL), nothing would
 * scancel the job. The engine rewrites <sandbox>/.control/heartbeat every second; this guard, on its own thread
 * (a pipeline stuck in a synchronous loop blocks the main one), reads it every second and, once its content has
 * not changed for `staleMs`, kills the sleeve's descendants and the process itself, which ends the job.
 * Content, not mtime, is compared: no clock is shared between the submit host and the node, and reading the
 * file revalidates it on NFS (close-to-open), where cached attributes could lag.
 */
export function startHeartbeatGuard(file: string, staleMs: number): void {
  const code = `
    const fs = require('node:fs');
    const { workerData } = require('node:worker_threads');
    const { killDescendants } = require(workerData.processTable);
    const read = () => { try { return fs.readFileSync(workerData.file, 'utf8'); } catch { return undefined; } };
    let last = read();
    let since = Date.now();
    setInterval(() => {
      const now = read();
      if (now !== last) { last = now; since = Date.now(); return; }
      if (Date.now() - since < workerData.staleMs) return;
      try { killDescendants(workerData.pid); } catch {}
      process.kill(workerData.pid, 'SIGKILL');
    }, 1000);`;
  try {
    const guard = new Worker(code, {
      eval: true,
      env: {},
      workerData: { file, staleMs, pid: process.pid, processTable: require.resolve('../process/process-table') },
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
      stdout: false,
      stderr: false,
    });
    guard.on('error', () => undefined); // best effort: the sleeve itself goes on
    guard.unref();
  } catch {
    /* best effort */
  }
}
