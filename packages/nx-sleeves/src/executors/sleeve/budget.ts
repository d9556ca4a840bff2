import * as os from 'node:os';

export interface Budget {
  cpus: number;
  memoryMb: number;
}

function fromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`env ${name}: invalid value ${JSON.stringify(raw)}; expected a positive integer`);
  return n;
}

/**
 * The budget of one engine (one Nx batch, or one task with --no-batch): NX_SLEEVES_CPUS or all available cores,
 * NX_SLEEVES_MEMORY_MB or 80% of total memory. Sleeves run concurrently while their summed cpus and memoryMb fit.
 */
export function engineBudget(
  env: NodeJS.ProcessEnv = process.env,
  host: { cpus: () => number; totalMemBytes: () => number } = { cpus: os.availableParallelism, totalMemBytes: os.totalmem },
): Budget {
  return {
    cpus: fromEnv(env, 'NX_SLEEVES_CPUS') ?? host.cpus(),
    memoryMb: fromEnv(env, 'NX_SLEEVES_MEMORY_MB') ?? Math.floor((host.totalMemBytes() / 1024 / 1024) * 0.8),
  };
}
