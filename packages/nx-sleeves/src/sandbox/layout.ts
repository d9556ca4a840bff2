import * as path from 'node:path';
import { SLEEVE_LOG_FILE } from '@nx-sleeves/contracts';

/**
 * Sandbox layout, shared by the engine (parent) and the worker (child):
 *   <sandbox>/data/{artifacts,logs,lakehouse}  what the sleeve sees
 *   <sandbox>/.control/                        pid files, exit code, lakehouse snapshot (never zipped)
 */
export function sandboxLayout(sandboxDir: string) {
  const data = path.join(sandboxDir, 'data');
  const control = path.join(sandboxDir, '.control');
  return {
    sandboxDir,
    artifactsDir: path.join(data, 'artifacts'),
    logsDir: path.join(data, 'logs'),
    lakehouseDir: path.join(data, 'lakehouse'),
    logFile: path.join(data, 'logs', SLEEVE_LOG_FILE),
    controlDir: control,
    workerPidFile: path.join(control, 'worker.pid'),
    commandPgidFile: path.join(control, 'command.pgid'),
    exitCodeFile: path.join(control, 'exit-code'),
    snapshotFile: path.join(control, 'lakehouse-snapshot.json'),
    // Written only by backends whose worker is not a tinypool child (slurm): the task in, the verdict out.
    taskFile: path.join(control, 'task.json'),
    outcomeFile: path.join(control, 'outcome.json'),
    jobScript: path.join(control, 'job.sh'),
    /** Rewritten by the engine every second while it watches a Slurm job; the job ends itself when it goes stale. */
    heartbeatFile: path.join(control, 'heartbeat'),
    /** Phase timings of the worker, written only when the engine traces (NX_SLEEVES_TRACE). */
    timingsFile: path.join(control, 'timings.json'),
  };
}
export type SandboxLayout = ReturnType<typeof sandboxLayout>;
