// Types only: a value import of @nx/devkit would load it when Nx loads the plugin (~0.1 s per graph computation).
import type { CreateDependencies, CreateDependenciesContext, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import { join } from 'node:path';
import { locatePipelinePackage } from './pipeline-package';
import { normalizePluginOptions, type SleevesPluginOptions } from './plugin-options';
import { META_FILE, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { readMetaPortfolio } from './profile';

interface ProfileProject {
  name: string;
  root: string;
  file: string; // workspace-relative profile file
  kind: 'sleeve' | 'meta';
}

/** Projects that own a sleeve.json / meta-portfolio.json at their root (pure over the context). */
export function findProfileProjects(context: Pick<CreateDependenciesContext, 'projects'>, hasFile: (file: string) => boolean): ProfileProject[] {
  const out: ProfileProject[] = [];
  for (const [name, project] of Object.entries(context.projects)) {
    const root = project.root;
    if (!root || root === '.') continue;
    for (const [fileName, kind] of [
      [META_FILE, 'meta'],
      [SLEEVE_FILE, 'sleeve'],
    ] as const) {
      const file = `${root}/${fileName}`;
      if (hasFile(file)) {
        out.push({ name, root, file, kind });
        break;
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Edges: every sleeve and meta-portfolio → the pipeline library it runs (when that is a workspace project), and a
 * meta-portfolio → each project it lists. An unknown project in a meta-portfolio is left to the executor, which
 * fails that task with the file and entry named; a broken file here adds no edges rather than breaking the graph.
 */
export const createDependencies: CreateDependencies<SleevesPluginOptions> = (rawOptions, context) => {
  const options = normalizePluginOptions(rawOptions);
  const files = new Set<string>();
  for (const list of Object.values(context.fileMap.projectFileMap)) for (const f of list) files.add(f.file);
  const profiles = findProfileProjects(context, (f) => files.has(f));
  if (profiles.length === 0) return [];

  const pipeline = locatePipelinePackage(context.workspaceRoot, options.pipelinePackage);
  const pipelineProject = pipeline?.kind === 'workspace' ? Object.entries(context.projects).find(([, p]) => p.root === pipeline.dir)?.[0] : undefined;

  const STATIC = 'static' as DependencyType.static;
  const deps: RawProjectGraphDependency[] = [];
  for (const p of profiles) {
    if (pipelineProject && pipelineProject !== p.name) {
      deps.push({ source: p.name, target: pipelineProject, type: STATIC, sourceFile: p.file });
    }
    if (p.kind !== 'meta') continue;
    let entries: { project: string }[];
    try {
      entries = readMetaPortfolio(join(context.workspaceRoot, p.file), p.file).sleeves;
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.project !== p.name && context.projects[e.project]) {
        deps.push({ source: p.name, target: e.project, type: STATIC, sourceFile: p.file });
      }
    }
  }
  return deps;
};
