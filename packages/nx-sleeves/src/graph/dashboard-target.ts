import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { DASHBOARD_DIR } from '@nx-sleeves/contracts';
import { COMPARE_RUN_COMMAND } from './compare-run-cli';
import { PIPELINE_PACKAGE, type PipelinePackageLocation } from './pipeline-package';
import type { NormalizedPluginOptions } from './plugin-options';
import { ENV_FINGERPRINT_COMMAND } from './target';

export const DASHBOARD_PROJECT = 'sleeves-dashboard';
export const DASHBOARD_TARGET = 'sleeve-dashboard';
export const DASHBOARD_EXECUTOR = 'nx-sleeves:dashboard';

/**
 * The workspace-level dashboard project: its `sleeve-dashboard` target runs after every sleeve and meta task of the
 * run (same --runId, forwarded) and renders `<outputsRoot>/_runs/<runId>/index.html` from their outputs. Its cache
 * key is their result.json and artifacts.zip (the bytes it reads), the compared run's (NX_SLEEVES_COMPARE) and the
 * renderer's code, so a run restored from the cache restores or re-renders the same page.
 */
export function buildDashboardProject(t: {
  profiles: string[];
  options: NormalizedPluginOptions;
  pipeline: PipelinePackageLocation | undefined;
  codeInput: string;
  defaultRunId: string;
}): ProjectConfiguration {
  const { options } = t;
  const inputs: NonNullable<TargetConfiguration['inputs']> = [
    { dependentTasksOutputFiles: '**/result.json' },
    { dependentTasksOutputFiles: '**/artifacts.zip' },
    { env: 'TV_RUN_ID' },
    { env: 'NX_SLEEVES_COMPARE' },
    { runtime: `${COMPARE_RUN_COMMAND} ${options.outputsRoot}` },
    { runtime: ENV_FINGERPRINT_COMMAND },
  ];
  const external: string[] = [];
  if (t.pipeline?.kind === 'workspace') inputs.push({ input: t.codeInput, projects: `directory:${t.pipeline.dir}` });
  else if (t.pipeline?.kind === 'external') external.push(t.pipeline.name);
  inputs.push({ externalDependencies: external });
  const targetOptions: Record<string, unknown> = { outputsRoot: options.outputsRoot, profiles: t.profiles };
  if (options.pipelinePackage !== PIPELINE_PACKAGE) targetOptions.pipelinePackage = options.pipelinePackage;
  return {
    name: DASHBOARD_PROJECT,
    root: `${options.outputsRoot}/${DASHBOARD_DIR}`,
    projectType: 'application',
    tags: ['nx-sleeves:dashboard'],
    implicitDependencies: t.profiles,
    targets: {
      [DASHBOARD_TARGET]: {
        executor: DASHBOARD_EXECUTOR,
        cache: true,
        options: targetOptions,
        inputs,
        outputs: [`{projectRoot}/{options.runId ?? ${t.defaultRunId}}`],
        dependsOn: [{ dependencies: true, target: options.targetName, params: 'forward' }],
        metadata: {
          technologies: ['nx-sleeves'],
          description: `Render the run dashboard ${options.outputsRoot}/${DASHBOARD_DIR}/<runId>/index.html from every sleeve's and meta-portfolio's outputs`,
        },
      },
    },
  };
}
