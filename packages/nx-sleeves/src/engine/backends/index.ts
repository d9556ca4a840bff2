import type { EngineOptions } from '../types';
import { LocalBackend } from './local';
import { validateBackendName, validateSlurmOptions } from './slurm/options';
import { SlurmBackend } from './slurm/slurm-backend';
import type { SleeveBackend } from './types';

/** The backend of an engine: EngineOptions.backend, else env NX_SLEEVES_BACKEND, else `local`. */
export function createBackend(opts: Pick<EngineOptions, 'backend' | 'slurm'>, env: NodeJS.ProcessEnv): SleeveBackend {
  const name =
    opts.backend !== undefined
      ? validateBackendName(opts.backend, 'SleeveComputeEngine: backend')
      : env.NX_SLEEVES_BACKEND
        ? validateBackendName(env.NX_SLEEVES_BACKEND, 'env NX_SLEEVES_BACKEND')
        : 'local';
  if (name === 'slurm') return new SlurmBackend(validateSlurmOptions(opts.slurm, 'SleeveComputeEngine: slurm'), env);
  return new LocalBackend();
}

export type { SleeveBackend, BackendAttempt, AttemptArgs, BackendName } from './types';
export { type SlurmOptions, validateSlurmOptions, validateBackendName, SLURM_DEFAULTS, BACKENDS } from './slurm/options';
