/** Files between the engine and a pilot job (slurm backend, pilot mode; see worker/slurm-pilot.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandboxLayout } from '../sandbox/layout';
import type { WorkerTask } from './protocol';

/** One queued attempt, as the engine writes it into <queueDir>/queue. */
export interface PilotItem {
  sandboxDir: string;
  task: WorkerTask;
  limits: { memoryMb: number; timeoutMs?: number };
  heapMb: number | undefined;
  cpus: number;
}

export const PILOT_FILES = {
  /** Written by the pilot at claim: its Slurm job id. */
  claim: (sandboxDir: string) => path.join(sandboxLayout(sandboxDir).controlDir, 'pilot'),
  /** Written by the engine to end the attempt: `{ reason, detail? }`. */
  kill: (sandboxDir: string) => path.join(sandboxLayout(sandboxDir).controlDir, 'kill'),
  /** Written by the pilot when the attempt is over: its AttemptResult. */
  result: (sandboxDir: string) => path.join(sandboxLayout(sandboxDir).controlDir, 'attempt.json'),
  /**
   * Rewritten by a running pilot every ALIVE_EVERY_MS with a count that goes up, removed when it ends: while the
   * count moves, the engine knows the pilot lives without asking squeue (clocks of other nodes are not compared).
   */
  alive: (queueDir: string, jobId: string) => path.join(queueDir, 'alive', jobId),
  /** Queued attempts, one `<seq>-<name>.json` each, written by the engine; a pilot claims one by renaming it. */
  queue: (queueDir: string) => path.join(queueDir, 'queue'),
  /** Where claimed attempts are renamed to (`<job id>-<name>`). */
  claimed: (queueDir: string) => path.join(queueDir, 'claimed'),
  /** Rewritten by the engine every second; a pilot ends when it stops changing (the engine died). */
  heartbeat: (queueDir: string) => path.join(queueDir, 'heartbeat'),
  /** Written by the engine at shutdown: every pilot ends. */
  stop: (queueDir: string) => path.join(queueDir, 'stop'),
};

export const ALIVE_EVERY_MS = 1000;

/** A control file's text, or undefined while it does not exist (either side polls the other's files). */
export function readControlFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
