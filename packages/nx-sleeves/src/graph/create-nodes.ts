import type { CreateNodes, CreateNodesContext, CreateNodesResult, CreateNodesResultArray } from '@nx/devkit';
import { basename, dirname, join } from 'node:path';
import { locatePipelinePackage, type PipelinePackageLocation } from './pipeline-package';
import { normalizePluginOptions, type NormalizedPluginOptions, type SleevesPluginOptions } from './plugin-options';
import { isValidName, META_FILE, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { readMetaPortfolio, readSleeveProfile } from './profile';
import { buildSleeveTarget, EXECUTOR } from './target';
import { buildDashboardProject, DASHBOARD_PROJECT } from './dashboard-target';

export const PROFILE_GLOB = `**/{${SLEEVE_FILE.replace('.json', '')},${META_FILE.replace('.json', '')}}.json`;

/** The run id outputs are declared for when the task gets none: TV_RUN_ID (when valid) at graph time, else `dev`. */
export function graphRunId(env: NodeJS.ProcessEnv = process.env): string {
  return isValidName(env.TV_RUN_ID) ? env.TV_RUN_ID : 'dev';
}

interface Shared {
  options: NormalizedPluginOptions;
  pipeline: PipelinePackageLocation | undefined;
  codeInput: string;
  defaultRunId: string;
}

/** One profile file → one project with the sleeve target. A broken file still yields a project (see below). */
export function createNodesForFile(file: string, shared: Shared, context: CreateNodesContext): CreateNodesResult {
  const root = dirname(file);
  if (root === '.') return {}; // a profile at the workspace root would make the whole workspace one project
  const kind = basename(file) === META_FILE ? 'meta' : 'sleeve';
  const abs = join(context.workspaceRoot, file);
  const { options } = shared;
  try {
    const info = kind === 'meta' ? readMetaPortfolio(abs, file) : readSleeveProfile(abs, file);
    // A pinned entry reads <outputsRoot>/<profile>/<runId> of its project (inferred projects are named after their
    // profile). The executor checks that what it hands the meta pipeline is exactly what this input hashes.
    const pinnedRuns =
      info.kind === 'meta'
        ? info.sleeves.flatMap((e) => (e.runId !== undefined && isValidName(e.project) ? [`${options.outputsRoot}/${e.project}/${e.runId}`] : []))
        : undefined;
    const external = { command: info.command, pipelineInputs: info.pipelineInputs, envAllow: info.envAllow };
    const target = buildSleeveTarget({ kind, profile: info.name, description: info.description, resources: info.resources, ...shared, pinnedRuns, external });
    return {
      projects: {
        [root]: {
          // The profile name is unique anyway (it names the output folder), so it names the project too.
          name: info.name,
          root,
          projectType: 'application',
          tags: [kind === 'meta' ? 'nx-sleeves:meta' : 'nx-sleeves:sleeve'],
          targets: { [options.targetName]: target },
        },
      },
    };
  } catch (e) {
    // A broken profile must not take the whole graph (and every other sleeve) down: the project still exists, and
    // its task fails at once with the one-line reason naming the file. Nothing is cached for a failed task.
    const message = (e as Error).message;
    const fallbackName = isValidName(basename(root)) ? basename(root) : 'invalid';
    return {
      projects: {
        [root]: {
          name: fallbackName,
          root,
          projectType: 'application',
          tags: [kind === 'meta' ? 'nx-sleeves:meta' : 'nx-sleeves:sleeve'],
          targets: {
            [options.targetName]: {
              executor: EXECUTOR,
              cache: false,
              options: { profile: fallbackName, configError: message },
              metadata: { technologies: ['nx-sleeves'], description: `BROKEN: ${message}` },
            },
          },
        },
      },
    };
  }
}

/** createNodes (the Nx 21+ array-of-files API; `createNodesV2` is the same function). */
export const createNodes: CreateNodes<SleevesPluginOptions> = [
  PROFILE_GLOB,
  (files, rawOptions, context): CreateNodesResultArray => {
    // Invalid plugin options are a workspace configuration error: fail the graph with the option named.
    const options = normalizePluginOptions(rawOptions);
    const shared: Shared = {
      options,
      pipeline: locatePipelinePackage(context.workspaceRoot, options.pipelinePackage),
      codeInput: context.nxJsonConfiguration?.namedInputs?.production ? 'production' : 'default',
      defaultRunId: graphRunId(),
    };
    const results = files.map((file) => [file, createNodesForFile(file, shared, context)] as const);
    if (options.dashboard) addDashboardProject(results, shared);
    return results;
  },
];

export const createNodesV2 = createNodes;

/**
 * The run dashboard project (see dashboard-target.ts), attached to the result of the first profile file that made a
 * project (a createNodes result may hold several projects). Not added when no sleeve exists or a profile already
 * uses its name.
 */
function addDashboardProject(results: (readonly [string, CreateNodesResult])[], shared: Shared): void {
  const names = results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => p.name!)).sort();
  const host = [...results].filter(([, r]) => r.projects && Object.keys(r.projects).length > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1))[0];
  if (!host || names.includes(DASHBOARD_PROJECT)) return;
  const project = buildDashboardProject({ profiles: names, ...shared });
  host[1].projects![project.root] = project;
}
