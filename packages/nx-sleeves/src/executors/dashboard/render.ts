import type { ProjectGraph } from '@nx/devkit';
import { DEFAULT_OUTPUTS_ROOT, isValidName, NAME_PATTERN } from '@nx-sleeves/contracts';
import { isWorkspaceRelativePath } from '../../graph/plugin-options';
import { EXECUTOR } from '../../graph/target';
import { PIPELINE_PACKAGE } from '../../graph/pipeline-package';

/** The part of `@nx-sleeves/pipeline/dist/dashboard` the plugin calls. */
export interface DashboardModule {
  writeDashboard(o: { workspaceRoot: string; outputsRoot?: string; runId: string; compare?: string; profiles?: string[]; notRun?: Record<string, string> }): {
    path: string;
  };
}

/** Env variable naming a run id to compare with (see docs/nx.md: a `--compare` option would reach the sleeve tasks). */
export const COMPARE_ENV = 'NX_SLEEVES_COMPARE';

export class DashboardModuleMissing extends Error {}

/** Loads the renderer from the pipeline package as the workspace resolves it (like the sleeve pipeline itself). */
export function loadDashboardModule(root: string, pipelinePackage = PIPELINE_PACKAGE): DashboardModule {
  const request = `${pipelinePackage}/dist/dashboard/index.js`;
  let file: string;
  try {
    file = require.resolve(request, { paths: [root] });
  } catch {
    throw new DashboardModuleMissing(`cannot resolve ${request} from the workspace root (build the pipeline package, or it has no dashboard)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dashboard module resolved at run time
  return require(file) as DashboardModule;
}

/** The run id to compare with, from NX_SLEEVES_COMPARE (validated), or undefined. */
export function compareRunId(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[COMPARE_ENV];
  if (v === undefined || v === '') return undefined;
  if (!isValidName(v)) throw new Error(`env ${COMPARE_ENV}: invalid value ${JSON.stringify(v)}; expected a run id matching ${NAME_PATTERN.source}`);
  return v;
}

/** Profiles of every sleeve and meta-portfolio target in the graph, by outputs root (sorted, unique). */
export function sleeveProfiles(graph: Pick<ProjectGraph, 'nodes'> | undefined): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const node of Object.values(graph?.nodes ?? {})) {
    for (const t of Object.values(node.data.targets ?? {})) {
      const o = (t.options ?? {}) as { profile?: unknown; outputsRoot?: unknown; configError?: unknown };
      if (t.executor !== EXECUTOR || !isValidName(o.profile) || o.configError !== undefined) continue;
      const root = isWorkspaceRelativePath(o.outputsRoot) ? o.outputsRoot : DEFAULT_OUTPUTS_ROOT;
      if (!out.has(root)) out.set(root, new Set());
      out.get(root)!.add(o.profile);
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
