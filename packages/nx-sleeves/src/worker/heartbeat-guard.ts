import { spawn } from 'node:child_process';

/**
 * For a sleeve running as a Slurm job: if the engine that submitted it dies (even by SIGKILL), nothing would
 * scancel the job. The engine rewrites <sandbox>/.control/heartbeat every second; this guard reads it every
 * second and, once its content has not changed for `staleMs` (rounded up to whole seconds), kills the
 * sleeve's descendants and the worker, which ends the job.
 * Content, not mtime, is compared: no clock is shared between the submit host and the node, and reading the
 * file revalidates it on NFS (close-to-open), where cached attributes could lag.
 * It is a `/bin/sh` loop in its own process (a pipeline stuck in a synchronous loop cannot block it), not a
 * worker thread: a thread's node bootstrap cost 0.1–0.25 s of CPU per job, taken from the sleeves running
 * beside it (measured, docs/engine.md "Slurm backend"). Node starts only to kill. The guard ignores SIGINT,
 * ends when the worker is gone, and is one of the descendants runSleeveTask kills when the pipeline ends.
 */
const GUARD_SH = `
trap '' INT
W=$1 F=$2 STALE=$3 NODE=$4 PT=$5 KILL=$6
last=; read -r last < "$F" 2>/dev/null
n=0
while kill -0 "$W" 2>/dev/null; do
  sleep 1
  cur=; read -r cur < "$F" 2>/dev/null
  if [ "$cur" != "$last" ]; then last=$cur n=0; else n=$((n + 1)); fi
  [ "$n" -ge "$STALE" ] && exec "$NODE" -e "$KILL" "$PT" "$W"
done`;
/** Kills the worker's descendants (not itself: it is one of them), then the worker. */
const KILL = `
  const { readProcessTree, sleeveProcesses } = require(process.argv[1]);
  const w = Number(process.argv[2]);
  try { for (const p of sleeveProcesses(readProcessTree([w]), w, [])) if (p.pid !== w && p.pid !== process.pid) try { process.kill(p.pid, 'SIGKILL'); } catch {} } catch {}
  try { process.kill(w, 'SIGKILL'); } catch {}`;

export function startHeartbeatGuard(file: string, staleMs: number): void {
  try {
    const guard = spawn(
      '/bin/sh',
      [
        '-c',
        GUARD_SH,
        'heartbeat-guard',
        String(process.pid),
        file,
        String(Math.max(1, Math.ceil(staleMs / 1000))),
        process.execPath,
        require.resolve('../process/process-table'),
        KILL,
      ],
      { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } },
    );
    guard.on('error', () => undefined); // best effort: the sleeve itself goes on
    guard.unref();
  } catch {
    /* best effort */
  }
}
