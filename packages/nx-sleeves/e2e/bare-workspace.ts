/**
 * A workspace that has Nx and the pipeline package (this repository's build) but not the plugin registered yet: what
 * `nx add nx-sleeves` starts from. Shared by the generator end-to-end tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { git, linkNodeModules, REPO_ROOT } from './fixture';

export const PIPELINE_DIST = path.join(REPO_ROOT, 'libs/pipeline/dist');
const PLUGIN_DIST = path.join(REPO_ROOT, 'packages/nx-sleeves/dist/generators/sleeve/generator.js');

export function requireBuilt(): void {
  for (const f of [PLUGIN_DIST, path.join(PIPELINE_DIST, 'index.js'), path.join(PIPELINE_DIST, 'lakehouse/index.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` (npm test does) before this test`);
  }
}

export function writeFile(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

export function createBareWorkspace(root: string, name = 'gen-e2e'): void {
  writeFile(root, 'package.json', `${JSON.stringify({ name, private: true }, null, 2)}\n`);
  writeFile(root, 'nx.json', `${JSON.stringify({ defaultBase: 'main', plugins: [] }, null, 2)}\n`);
  writeFile(root, '.gitignore', 'node_modules\n');
  // The pipeline as a workspace package (npm workspaces style): its code is this repository's build.
  writeFile(root, 'libs/pipeline/package.json', `${JSON.stringify({ name: '@nx-sleeves/pipeline', version: '0.0.0', main: 'dist/index.js' })}\n`);
  writeFile(root, 'libs/pipeline/project.json', `${JSON.stringify({ name: 'pipeline' })}\n`);
  fs.symlinkSync(PIPELINE_DIST, path.join(root, 'libs/pipeline/dist'));
  fs.symlinkSync(path.join(REPO_ROOT, 'libs/pipeline/schema'), path.join(root, 'libs/pipeline/schema'));
  linkNodeModules(root);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'bare workspace']);
}
