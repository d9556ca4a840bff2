/** Settings of the Slurm backend (plugin options `slurm` in nx.json, or EngineOptions.slurm). Pure. */
export interface SlurmOptions {
  /** sbatch --partition. */
  partition?: string;
  /** sbatch --account. */
  account?: string;
  /** sbatch --qos. */
  qos?: string;
  /** More sbatch arguments, e.g. ["--constraint=avx2"]; each one argv element. */
  extraArgs?: string[];
  /** Absolute folder every node sees; sandboxes go to <sharedDir>/<profile>-<runId>-<random>. Default: the workspace's tmp/sleeves. */
  sharedDir?: string;
  /** How often squeue is asked about the run's jobs (one call for all of them). Default 250. */
  pollMs?: number;
  /** At most this many jobs of the engine submitted at once (the cluster queues the rest). Default 64. */
  maxInFlight?: number;
  /** A job still pending after this long is cancelled and reported `timeout` with Slurm's reason. Default: none. */
  pendingTimeoutMs?: number;
  /**
   * `job` (default): one sbatch job per sleeve attempt. `pilot`: `pilots` long-running jobs of `pilotCpus` cpus and
   * `pilotMemoryMb` each pull sleeves from a queue folder and run them as the local backend does (fresh process,
   * RSS watchdog, timeout) — Slurm's per-job start cost is paid once per pilot, not per sleeve.
   */
  mode?: 'job' | 'pilot';
  /** Pilot mode: how many pilot jobs at most. Default 1. */
  pilots?: number;
  /** Pilot mode: sbatch --cpus-per-task of a pilot; the sleeves it runs at once fit in it. Default 1. */
  pilotCpus?: number;
  /** Pilot mode: sbatch --mem of a pilot (MB); the sleeves it runs at once fit in it. Default 4096. */
  pilotMemoryMb?: number;
  /** Pilot mode: a pilot with nothing to run for this long ends its job. Default 60000. */
  pilotIdleMs?: number;
}

export const SLURM_DEFAULTS = { pollMs: 250, maxInFlight: 64 } as const;
export type ResolvedSlurmOptions = SlurmOptions & { pollMs: number; maxInFlight: number };
/** Defaults of the pilot settings, applied only in pilot mode. */
export const PILOT_DEFAULTS = { pilots: 1, pilotCpus: 1, pilotMemoryMb: 4096, pilotIdleMs: 60_000 } as const;
export type PilotOptions = ResolvedSlurmOptions & { pilots: number; pilotCpus: number; pilotMemoryMb: number; pilotIdleMs: number };

/** Values Slurm takes as one word: partition, account and QOS names. */
const SLURM_NAME = /^[A-Za-z0-9_.+-][A-Za-z0-9_.,+-]*$/;
const KEYS = [
  'partition',
  'account',
  'qos',
  'extraArgs',
  'sharedDir',
  'pollMs',
  'maxInFlight',
  'pendingTimeoutMs',
  'mode',
  'pilots',
  'pilotCpus',
  'pilotMemoryMb',
  'pilotIdleMs',
];

/**
 * Validates slurm settings; throws one line naming `where.field`, the value and what was expected
 * (e.g. `nx.json plugin nx-sleeves: slurm.pollMs: invalid value 0; expected an integer >= 10`).
 */
export function validateSlurmOptions(raw: unknown, where = 'slurm'): ResolvedSlurmOptions {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new Error(`${where}.${field}: invalid value ${JSON.stringify(value)}; expected ${expected}`);
  };
  if (raw === undefined || raw === null) return { ...SLURM_DEFAULTS };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${where}: invalid value ${JSON.stringify(raw)}; expected an object with ${KEYS.join(', ')}`);
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) fail(k, o[k], `no such setting (one of ${KEYS.join(', ')})`);
  const out: ResolvedSlurmOptions = { ...SLURM_DEFAULTS };
  for (const k of ['partition', 'account', 'qos'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'string' || !SLURM_NAME.test(o[k] as string)) fail(k, o[k], 'a Slurm name (letters, digits, _ . + -)');
    out[k] = o[k] as string;
  }
  if (o.extraArgs !== undefined) {
    if (!Array.isArray(o.extraArgs) || o.extraArgs.some((a) => typeof a !== 'string' || !a.startsWith('-'))) {
      fail('extraArgs', o.extraArgs, 'an array of sbatch options, each starting with "-" (e.g. ["--constraint=avx2"])');
    }
    out.extraArgs = [...(o.extraArgs as string[])];
  }
  if (o.sharedDir !== undefined) {
    if (typeof o.sharedDir !== 'string' || !o.sharedDir.startsWith('/')) fail('sharedDir', o.sharedDir, 'an absolute path of a folder every node sees');
    out.sharedDir = o.sharedDir as string;
  }
  if (o.mode !== undefined) {
    if (o.mode !== 'job' && o.mode !== 'pilot') fail('mode', o.mode, 'one of job, pilot');
    out.mode = o.mode as 'job' | 'pilot';
  }
  const int = (k: 'pollMs' | 'maxInFlight' | 'pendingTimeoutMs' | 'pilots' | 'pilotCpus' | 'pilotMemoryMb' | 'pilotIdleMs', min: number) => {
    if (o[k] === undefined) return;
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 2 ** 31 - 1) fail(k, v, `an integer >= ${min}`);
    out[k] = v as number;
  };
  int('pollMs', 10);
  int('maxInFlight', 1);
  int('pendingTimeoutMs', 1);
  int('pilots', 1);
  int('pilotCpus', 1);
  int('pilotMemoryMb', 64);
  int('pilotIdleMs', 0);
  return out;
}

export const BACKENDS = ['local', 'slurm'] as const;

/** The backend name from an option or NX_SLEEVES_BACKEND; throws one line naming where it came from. */
export function validateBackendName(value: unknown, where: string): 'local' | 'slurm' {
  if (value === 'local' || value === 'slurm') return value;
  throw new Error(`${where}: invalid value ${JSON.stringify(value)}; expected one of ${BACKENDS.join(', ')}`);
}
