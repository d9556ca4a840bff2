/**
 * Whether tests may use the real Slurm cluster of this machine (tools/slurm/start.sh). Without `sbatch` and
 * outside CI, Slurm tests are skipped with a notice; under CI=true a missing or unreachable cluster FAILS
 * (CI installs and starts it in .ci/run), so the backend is never silently untested there.
 */
import { execFileSync } from 'node:child_process';
import { which } from '../commands';

export type SlurmAvailability = { ok: true } | { ok: false; skip: boolean; why: string };

export function slurmAvailability(): SlurmAvailability {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (!which('sbatch', process.env.PATH)) {
    const why = 'sbatch not found: install Slurm and start the test cluster with `sudo tools/slurm/install.sh && sudo tools/slurm/start.sh`';
    return { ok: false, skip: !ci, why };
  }
  try {
    const state = execFileSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    if (!/idle|mixed|allocated/.test(state))
      return { ok: false, skip: false, why: `the Slurm cluster has no usable node (sinfo: ${state || 'nothing'}); run tools/slurm/start.sh` };
  } catch (e) {
    return { ok: false, skip: false, why: `sinfo failed (${(e as Error).message.split('\n')[0]}); start the cluster with tools/slurm/start.sh` };
  }
  return { ok: true };
}

/** `describe` that runs against the cluster, skips with a notice, or fails (CI) when there is none. */
export function describeSlurm(name: string, body: () => void): void {
  const a = slurmAvailability();
  if (a.ok) return describe(name, body);
  if (a.skip) {
    console.warn(`[skipped] ${name}: ${a.why}`);
    return describe.skip(name, body);
  }
  describe(name, () => {
    test('a Slurm cluster is available', () => {
      throw new Error(`Slurm tests cannot run: ${a.why}`);
    });
  });
}

/** The names of the jobs Slurm lists as pending or running (any user's, any engine's). */
export function slurmJobNames(): string[] {
  return execFileSync('squeue', ['-h', '-o', '%j'], { encoding: 'utf8' }).split('\n');
}
