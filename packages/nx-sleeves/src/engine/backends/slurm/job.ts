/** Pure pieces of a sleeve's Slurm job: the sbatch argv, the job script, and reading sbatch's answer. */
import type { PilotOptions, ResolvedSlurmOptions } from './options';

export interface JobRequest {
  profile: string;
  runId: string;
  cpus: number;
  memoryMb: number;
  timeoutMs?: number;
  sandboxDir: string;
  logFile: string;
  jobScript: string;
}

/** Single-quoted for /bin/sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `sbatch --parsable` arguments. `--export=ALL` because sbatch itself is started with exactly the sleeve's
 * allow-listed env (see slurm-backend.ts): the named form (`--export=A,B`) makes Slurm also load the user's
 * login env on the node (HOME, SHELL, profile scripts), measured ~1 s per job. `--no-requeue`: node failures
 * and preemption come back to the engine, which retries per maxRetries in a fresh sandbox.
 */
export function sbatchArgs(r: JobRequest, o: ResolvedSlurmOptions): string[] {
  const args = [
    '--parsable',
    `--job-name=${r.profile}-${r.runId}`,
    `--cpus-per-task=${Math.max(1, Math.ceil(r.cpus))}`,
    `--mem=${r.memoryMb}M`,
    `--output=${r.logFile}`,
    `--error=${r.logFile}`,
    '--open-mode=append',
    `--chdir=${r.sandboxDir}`,
    '--export=ALL',
    '--no-requeue',
  ];
  // Slurm counts time in minutes: its limit is a backstop; the engine enforces timeoutMs itself from the job's start.
  if (r.timeoutMs !== undefined) args.push(`--time=${Math.max(1, Math.ceil(r.timeoutMs / 60_000))}`);
  if (o.partition) args.push(`--partition=${o.partition}`);
  if (o.account) args.push(`--account=${o.account}`);
  if (o.qos) args.push(`--qos=${o.qos}`);
  args.push(...(o.extraArgs ?? []), r.jobScript);
  return args;
}

/** The batch script: exec, so the job's process is the worker itself (its exit code/signal is the job's). */
export function jobScript(nodePath: string, heapMb: number | undefined, mainJs: string, taskFile: string): string {
  const argv = [nodePath, ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), mainJs, taskFile];
  return `#!/bin/sh\n# nx-sleeves: one sleeve, run by the same worker code as the local backend\nexec ${argv.map(shQuote).join(' ')}\n`;
}

/** `sbatch --parsable` prints `<jobid>` or `<jobid>;<cluster>`. */
export function parseJobId(stdout: string): string {
  const id = stdout.trim().split('\n').pop()!.split(';')[0].trim();
  if (!/^\d+(_\d+)?$/.test(id)) throw new Error(`sbatch printed no job id (got ${JSON.stringify(stdout.trim().slice(0, 200))})`);
  return id;
}

/** `sbatch --parsable` arguments of a pilot job (pilot mode): its size is the pilot's, not a sleeve's. */
export function pilotSbatchArgs(queueDir: string, o: PilotOptions): string[] {
  const args = [
    '--parsable',
    `--job-name=nxs-pilot-${process.pid}`,
    `--cpus-per-task=${o.pilotCpus}`,
    `--mem=${o.pilotMemoryMb}M`,
    `--output=${queueDir}/pilot-%j.log`,
    `--chdir=${queueDir}`,
    '--export=ALL',
    '--no-requeue',
  ];
  if (o.partition) args.push(`--partition=${o.partition}`);
  if (o.account) args.push(`--account=${o.account}`);
  if (o.qos) args.push(`--qos=${o.qos}`);
  args.push(...(o.extraArgs ?? []), `${queueDir}/pilot.sh`);
  return args;
}

/** A pilot's batch script: `exec node slurm-pilot.js <queueDir> <cpus> <memoryMb> <idleMs> <heartbeatStaleMs>`. */
export function pilotScript(nodePath: string, mainJs: string, queueDir: string, o: PilotOptions, staleMs: number): string {
  const argv = [nodePath, mainJs, queueDir, String(o.pilotCpus), String(o.pilotMemoryMb), String(o.pilotIdleMs), String(staleMs)];
  return `#!/bin/sh\n# nx-sleeves: a pilot job pulling sleeves from this folder's queue\nexec ${argv.map(shQuote).join(' ')}\n`;
}
