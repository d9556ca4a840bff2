import type { NxJsonConfiguration } from '@nx/devkit';
import type { EngineOptions } from '../../engine';
import { validateBackendName, validateSlurmOptions } from '../../engine/backends/slurm/options';

export const PLUGIN_NAME = 'nx-sleeves';

/** The `options` of the nx-sleeves entry in nx.json's plugins, if any. */
export function pluginOptionsOf(nxJson: NxJsonConfiguration | undefined): Record<string, unknown> {
  const entry = nxJson?.plugins?.find((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  const options = typeof entry === 'object' ? (entry.options as Record<string, unknown> | undefined) : undefined;
  return options ?? {};
}

/**
 * Where the engine runs sleeves: `--backend` (executor option), else env NX_SLEEVES_BACKEND, else the nx.json plugin
 * option `backend`, else `local`; Slurm settings from the plugin option `slurm`. Read here rather than put into the
 * inferred target's options, so that a backend chosen by NX_SLEEVES_BACKEND stays out of Nx's task hash (outputs are
 * byte-identical on every backend). Throws one line naming the source.
 */
export function engineBackend(
  options: { backend?: unknown },
  nxJson: NxJsonConfiguration | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Pick<EngineOptions, 'backend' | 'slurm'> {
  const plugin = pluginOptionsOf(nxJson);
  const source = 'nx.json plugin "nx-sleeves" option';
  const backend =
    options.backend !== undefined
      ? validateBackendName(options.backend, 'option "backend"')
      : env.NX_SLEEVES_BACKEND
        ? validateBackendName(env.NX_SLEEVES_BACKEND, 'env NX_SLEEVES_BACKEND')
        : plugin.backend !== undefined
          ? validateBackendName(plugin.backend, `${source} "backend"`)
          : 'local';
  return backend === 'slurm' ? { backend, slurm: validateSlurmOptions(plugin.slurm, `${source} "slurm"`) } : { backend };
}
