import { formatFiles, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { PLUGIN_NAME } from '../shared/constants';
import type { InitGeneratorSchema } from './schema';

/** Folders the plugin generates: the lakehouse, sleeve outputs, and caches such as the fingerprint file. */
export const IGNORED_FOLDERS = ['data/lakehouse', 'dist', 'tmp'];

/** `nx add nx-sleeves` runs this: register the plugin (once, keeping any options) and ignore generated folders. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  registerPlugin(tree);
  if (!options.skipGitignore) addGitignoreEntries(tree, IGNORED_FOLDERS);
  if (!options.skipFormat) await formatFiles(tree);
  return () => undefined;
}

export function registerPlugin(tree: Tree): boolean {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const present = plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (present) return false;
  nxJson.plugins = [...plugins, PLUGIN_NAME];
  updateNxJson(tree, nxJson);
  return true;
}

/** Adds `folder/` lines to .gitignore unless a line already ignores that folder (`dist`, `/dist/`, ...). */
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
