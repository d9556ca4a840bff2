import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { isValidName, META_FILE, type SleeveInput } from '@nx-sleeves/contracts';
import type { MetaPortfolioInfo } from '../../graph/profile';
import { EXECUTOR } from '../../graph/target';
import { outputPathOf } from './options';
import type { SleeveExecutorOptions } from './schema';

export interface MetaInputsContext {
  projects: Record<string, ProjectConfiguration>;
  /** Reads a project's meta-portfolio.json, or returns undefined when the project has none. */
  readMeta: (project: string, root: string) => MetaPortfolioInfo | undefined;
}

function sleeveTarget(project: ProjectConfiguration): TargetConfiguration | undefined {
  return Object.values(project.targets ?? {}).find((t) => t.executor === EXECUTOR);
}

/**
 * Resolves a meta-portfolio's entries to exact sleeve outputs (pure over the graph and the reader): each entry's
 * project → its profile name (from its sleeve target) and run id (pinned, else the meta's own), nested metas
 * included. A cycle among metas or an unknown project is a one-line error naming the file and entry.
 */
export function buildSleeveInputs(metaProject: string, runId: string, ctx: MetaInputsContext): SleeveInput[] {
  const visit = (project: string, stack: string[]): MetaPortfolioInfo => {
    const config = ctx.projects[project];
    const meta = config ? ctx.readMeta(project, config.root) : undefined;
    if (!meta) throw new Error(`project "${project}" has no ${META_FILE}`);
    for (const [i, entry] of meta.sleeves.entries()) {
      const where = `${config.root}/${META_FILE}: sleeves[${i}].project`;
      if (stack.includes(entry.project) || entry.project === project) {
        throw new Error(
          `${where}: meta-portfolio cycle ${[...stack, project, entry.project].join(' -> ')}; expected meta-portfolios that do not include themselves`,
        );
      }
      const target = ctx.projects[entry.project];
      if (!target) throw new Error(`${where}: unknown project ${JSON.stringify(entry.project)}; expected an Nx project with a sleeve target`);
      if (!sleeveTarget(target)) {
        throw new Error(`${where}: project ${JSON.stringify(entry.project)} has no ${EXECUTOR} target; expected a sleeve or meta-portfolio project`);
      }
      if (ctx.readMeta(entry.project, target.root)) visit(entry.project, [...stack, project]);
    }
    return meta;
  };
  const meta = visit(metaProject, []);
  const root = ctx.projects[metaProject].root;
  return meta.sleeves.map((entry, i) => {
    const options = (sleeveTarget(ctx.projects[entry.project])?.options ?? {}) as SleeveExecutorOptions;
    const profile = options.profile;
    if (!isValidName(profile)) {
      throw new Error(
        `${root}/${META_FILE}: sleeves[${i}]: project ${JSON.stringify(entry.project)} has no valid "profile" option (${JSON.stringify(profile)})`,
      );
    }
    const entryRunId = entry.runId ?? runId;
    return { id: entry.id, project: entry.project, profile, runId: entryRunId, outputPath: outputPathOf(options, profile, entryRunId) };
  });
}
