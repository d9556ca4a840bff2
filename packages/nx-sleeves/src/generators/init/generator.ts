import { formatFiles, logger, readNxJson, updateNxJson, type GeneratorCallback, type PluginConfiguration, type Tree } from '@nx/devkit';
import { DEFAULT_LAKEHOUSE } from '@nx-sleeves/contracts';
import { PLUGIN_NAME } from '../shared/constants';
import { ensureLakehouseTarget } from './lakehouse-project';
import { ensurePipelineDependency } from './pipeline-dependency';
import type { InitGeneratorSchema } from './schema';

/** Folders the plugin generates: the lakehouse, sleeve outputs, and caches such as the fingerprint file. */
export const IGNORED_FOLDERS = [DEFAULT_LAKEHOUSE, 'dist', 'tmp'];

/**
 * `nx add nx-sleeves` runs this: register the plugin (once; an existing registration and its options are
 * left alone), give the sleeves a lakehouse target to depend on, make the pipeline package a direct dependency,
 * ignore generated folders.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  if (!isRegistered(tree)) {
    const pluginOptions: Record<string, unknown> = {};
    if (options.lakehouse !== false) {
      const target = ensureLakehouseTarget(tree, DEFAULT_LAKEHOUSE);
      if (target) pluginOptions.lakehouseTarget = target;
    }
    register(tree, Object.keys(pluginOptions).length ? { plugin: PLUGIN_NAME, options: pluginOptions } : PLUGIN_NAME);
    logger.info(`nx-sleeves: registered the plugin in nx.json${pluginOptions.lakehouseTarget ? ` (sleeves depend on ${pluginOptions.lakehouseTarget})` : ''}`);
  }
  const install = options.skipPackageJson ? undefined : ensurePipelineDependency(tree);
  if (!options.skipGitignore) addGitignoreEntries(tree, IGNORED_FOLDERS);
  if (!options.skipFormat) await formatFiles(tree);
  return install ?? (() => undefined);
}

export function isRegistered(tree: Tree): boolean {
  const plugins = readNxJson(tree)?.plugins ?? [];
  return plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
}

function register(tree: Tree, entry: PluginConfiguration): void {
  const nxJson = readNxJson(tree) ?? {};
  nxJson.plugins = [...(nxJson.plugins ?? []), entry];
  updateNxJson(tree, nxJson);
}

/** Adds `/folder/` lines to .gitignore unless a line already ignores that folder (`dist`, `/dist/`, ...). */
export function addGitignoreEntries(tree: Tree, folders: string[]): string[] {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const lines = new Set(current.split(/\r?\n/).map((l) => l.trim().replace(/^\/+/, '').replace(/\/+$/, '')));
  const missing = folders.filter((f) => !lines.has(f));
  if (missing.length === 0) return [];
  const prefix = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  tree.write('.gitignore', `${prefix}${current === '' ? '' : '\n'}# nx-sleeves\n${missing.map((f) => `/${f}/`).join('\n')}\n`);
  return missing;
}

export default initGenerator;
