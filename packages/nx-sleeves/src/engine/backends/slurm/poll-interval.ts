/**
 * How often the slurm backend asks squeue about each job (pure). Every squeue costs ≈ 12 ms of CPU (squeue itself,
 * munged, slurmctld), taken from the sleeves on a small cluster: at pollMs 100 one run's polling cost a pilot-mode
 * benchmark of 8 sleeves a fifth of its wall time. So a job is asked about only when its interval has passed, and a
 * pilot that shows it is alive by its own file is asked about rarely.
 */
import { ALIVE_EVERY_MS } from '../../../worker/pilot-protocol';

export interface WatchedJob<W extends { pollEveryMs?(): number }> {
  w: W;
  lastPolled: number;
}

/** The jobs due for squeue now: those whose interval (theirs, else pollMs) has passed since they were last asked about. */
export function dueJobs(jobs: ReadonlyMap<string, WatchedJob<{ pollEveryMs?(): number }>>, now: number, pollMs: number): string[] {
  const due: string[] = [];
  for (const [id, j] of jobs) if (now - j.lastPolled >= (j.w.pollEveryMs?.() ?? pollMs)) due.push(id);
  return due;
}

/** A pilot whose alive count has not moved for this long is asked about every pollMs again. */
export const ALIVE_STALE_MS = 3 * ALIVE_EVERY_MS;
/** A pilot whose alive count moves is still asked about this often (Slurm may have lost the node it runs on). */
export const QUIET_POLL_MS = 10_000;

/**
 * A pilot's squeue interval: pollMs until its alive count has been seen (pending, starting), and again once the
 * count has not moved for ALIVE_STALE_MS (the pilot died, or ended and removed the file); QUIET_POLL_MS while it moves.
 */
export function pilotPollEveryMs(alive: { count: string | undefined; changedAt: number } | undefined, now: number, pollMs: number): number {
  if (alive?.count === undefined || now - alive.changedAt > ALIVE_STALE_MS) return pollMs;
  return Math.max(pollMs, QUIET_POLL_MS);
}
