import { installPackagesTask, readJson, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { declaredPipelineVersion, linkedInNodeModules, PIPELINE_PACKAGE } from '../../graph/pipeline-package';

/** Whether the workspace's package.json lists the pipeline package (any dependency field). */
export function declaresPipeline(tree: Tree): boolean {
  if (!tree.exists('package.json')) return false;
  const pkg = readJson<Record<string, Record<string, string> | undefined>>(tree, 'package.json');
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((f) => pkg[f]?.[PIPELINE_PACKAGE] !== undefined);
}

/**
 * nx-sleeves loads `@nx-sleeves/pipeline` by default and declares it as a peer dependency. This makes it a direct
 * dependency of the workspace (at the version the plugin declares), so it resolves from the workspace root with
 * every package manager: pnpm links only direct dependencies into `node_modules/` (a peer it installed for the
 * plugin sits in `node_modules/.pnpm/`). Nothing is added when it is linked into `node_modules/` already (a peer
 * npm installed, or a workspace package as in the nx-sleeves repository) or is listed already (that version is
 * kept). Returns the install task when package.json changed.
 */
export function ensurePipelineDependency(tree: Tree): GeneratorCallback | undefined {
  if (!tree.exists('package.json') || declaresPipeline(tree) || linkedInNodeModules(tree.root, PIPELINE_PACKAGE)) return undefined;
  // Not addDependenciesToPackageJson: it also writes an empty "dependencies": {}.
  updateJson<Record<string, unknown>>(tree, 'package.json', (pkg) => {
    const dev = { ...(pkg.devDependencies as Record<string, string> | undefined), [PIPELINE_PACKAGE]: declaredPipelineVersion() };
    pkg.devDependencies = Object.fromEntries(Object.entries(dev).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return pkg;
  });
  return () => installPackagesTask(tree);
}
