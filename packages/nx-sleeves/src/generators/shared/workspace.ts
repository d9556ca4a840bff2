import { getProjects, globAsync, readNxJson, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import { locatePipelinePackage, PIPELINE_PACKAGE } from '../../graph/pipeline-package';
import { declaresPipeline } from '../init/pipeline-dependency';
import { DEFAULT_LAKEHOUSE, META_FILE, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { PLUGIN_NAME, SCHEMA_LOCATIONS } from './constants';

export interface ExistingProfile {
  /** profile name: `name` field of the file, else its folder name (as the graph plugin infers it). */
  name: string;
  file: string;
}

/** Every sleeve / meta-portfolio profile already in the workspace (tree-aware, gitignored files skipped). */
export async function existingProfiles(tree: Tree): Promise<ExistingProfile[]> {
  const files = await globAsync(tree, [`**/${SLEEVE_FILE}`, `**/${META_FILE}`]);
  const out: ExistingProfile[] = [];
  for (const file of files.sort()) {
    if (file.split('/').includes('node_modules') || !tree.exists(file)) continue;
    let name = path.posix.basename(path.posix.dirname(file));
    try {
      const json = JSON.parse(tree.read(file, 'utf-8') ?? '{}');
      if (json && typeof json.name === 'string' && json.name) name = json.name;
    } catch {
      // a broken file still claims its folder name; the graph plugin reports the parse error itself
    }
    out.push({ name, file });
  }
  return out;
}

/**
 * Names a new sleeve/meta project must not take: every profile name (outputs go to
 * `dist/sleeves/<profile>/`) and every Nx project configured by project.json or package.json.
 * Maps the name to the file that claims it.
 */
export async function takenNames(tree: Tree): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (const [name, project] of getProjects(tree)) taken.set(name, `${project.root || '.'}/ (project ${name})`);
  for (const p of await existingProfiles(tree)) taken.set(p.name, p.file);
  return taken;
}

/**
 * `$schema` value for a profile written to `projectDir`: the first of `locations` present in the workspace, else
 * the schema of the pipeline package wherever it is installed or declared (it may be installed only after the
 * generator wrote its files, e.g. by the install task of `init`). Undefined when there is no pipeline package.
 */
export function schemaRef(tree: Tree, projectDir: string, locations: string[] = SCHEMA_LOCATIONS): string | undefined {
  const found = locations.find((loc) => tree.exists(loc)) ?? pipelineSchema(tree, path.posix.basename(locations[0]));
  if (!found) return undefined;
  return path.posix.relative(projectDir, found);
}

/**
 * A workspace pipeline package's own schema file; for an installed or declared package the path where every
 * node_modules layout (npm, pnpm, yarn) links a direct dependency, `node_modules/@nx-sleeves/pipeline/`.
 */
function pipelineSchema(tree: Tree, file: string): string | undefined {
  const location = locatePipelinePackage(tree.root, PIPELINE_PACKAGE);
  if (location?.kind === 'workspace') {
    const own = `${location.dir}/schema/${file}`;
    return tree.exists(own) ? own : undefined;
  }
  return location || declaresPipeline(tree) ? `node_modules/${PIPELINE_PACKAGE}/schema/${file}` : undefined;
}

/** The lakehouse folder the plugin uses: its `lakehouse` option in nx.json, else `data/lakehouse`. */
export function lakehouseDir(tree: Tree): string {
  const plugins = readNxJson(tree)?.plugins ?? [];
  for (const p of plugins) {
    if (typeof p === 'object' && p.plugin === PLUGIN_NAME) {
      const value = (p.options as { lakehouse?: unknown } | undefined)?.lakehouse;
      if (typeof value === 'string' && value.trim() !== '') return value.replace(/\/+$/, '');
    }
  }
  return DEFAULT_LAKEHOUSE;
}
