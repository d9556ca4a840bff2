import { getProjects, logger, writeJson, type Tree } from '@nx/devkit';
import { declaredPipelineVersion, installCommand, PIPELINE_PACKAGE } from '../../graph/pipeline-package';

export const LAKEHOUSE_PROJECT = 'market-data';
export const LAKEHOUSE_PROJECT_ROOT = 'tools/market-data';
const TARGET = 'lakehouse';

/**
 * project.json of a project whose cached `lakehouse` target writes the built-in synthetic lakehouse
 * (seeded, deterministic bytes) with the pipeline package's generator. Pure.
 */
export function lakehouseProjectJson(lakehouseDir: string, install = 'npm install -D @nx-sleeves/pipeline'): Record<string, unknown> {
  // No double quotes inside: the script is one `node -e "..."` argument.
  const script =
    `let l; try { l = require('@nx-sleeves/pipeline/dist/lakehouse'); } catch (e) { ` +
    `console.error('market-data: cannot load @nx-sleeves/pipeline (' + e.code + '); install it with: ${install}'); process.exit(1); } ` +
    `l.generateLakehouse({ outDir: '${lakehouseDir}', seed: 42 })` +
    `.then((r) => console.log('market-data: ' + r.symbols + ' symbols in ${lakehouseDir}'))`;
  return {
    $schema: '../../node_modules/nx/schemas/project-schema.json',
    name: LAKEHOUSE_PROJECT,
    root: LAKEHOUSE_PROJECT_ROOT,
    projectType: 'application',
    targets: {
      [TARGET]: {
        executor: 'nx:run-commands',
        cache: true,
        // the bytes depend only on the generator's code (the seed is in this file, which Nx hashes)
        inputs: [{ runtime: `node -p "require('@nx-sleeves/pipeline/package.json').version"` }],
        outputs: [`{workspaceRoot}/${lakehouseDir}`],
        options: { command: `node -e "${script}"`, cwd: '{workspaceRoot}' },
      },
    },
  };
}

/**
 * `project:target` that builds the lakehouse: an existing project's `lakehouse` target, else a new
 * `tools/market-data` project. Undefined when the folder is taken by something else (reported).
 */
export function ensureLakehouseTarget(tree: Tree, lakehouseDir: string): string | undefined {
  const projects = getProjects(tree);
  const existing = projects.get(LAKEHOUSE_PROJECT)?.targets?.[TARGET] ? LAKEHOUSE_PROJECT : [...projects].find(([, p]) => p.targets?.[TARGET])?.[0];
  if (existing) return `${existing}:${TARGET}`;
  if (projects.has(LAKEHOUSE_PROJECT) || tree.exists(`${LAKEHOUSE_PROJECT_ROOT}/project.json`)) {
    logger.warn(`nx-sleeves: project ${LAKEHOUSE_PROJECT} exists without a "${TARGET}" target; not adding one (sleeves will need ${lakehouseDir} to exist)`);
    return undefined;
  }
  const install = installCommand(`${PIPELINE_PACKAGE}@${declaredPipelineVersion()}`, tree.root);
  writeJson(tree, `${LAKEHOUSE_PROJECT_ROOT}/project.json`, lakehouseProjectJson(lakehouseDir, install));
  return `${LAKEHOUSE_PROJECT}:${TARGET}`;
}
