import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initGenerator } from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin in nx.json', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toContain('nx-sleeves');
  });

  it('is idempotent: a second run changes nothing', async () => {
    await initGenerator(tree, { skipFormat: true });
    const nxJson = tree.read('nx.json', 'utf-8');
    const gitignore = tree.read('.gitignore', 'utf-8');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
    expect(tree.read('.gitignore', 'utf-8')).toBe(gitignore);
    expect(readNxJson(tree)?.plugins?.filter((p) => p === 'nx-sleeves')).toHaveLength(1);
  });

  it('keeps an existing registration with options and other plugins untouched', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['@nx/js/typescript', { plugin: 'nx-sleeves', options: { targetName: 'run-sleeve', cpus: 2 } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([
      '@nx/js/typescript',
      { plugin: 'nx-sleeves', options: { targetName: 'run-sleeve', cpus: 2 } },
    ]);
  });

  it('appends after existing plugins', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['@nx/js/typescript'];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js/typescript', 'nx-sleeves']);
  });

  it('ignores the generated folders, without repeating lines the .gitignore already has', async () => {
    tree.write('.gitignore', 'node_modules\n/dist\n');
    await initGenerator(tree, { skipFormat: true });
    const lines = tree.read('.gitignore', 'utf-8')!.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['node_modules', '/dist', '/data/lakehouse/', '/tmp/']));
    expect(lines.filter((l) => l.includes('dist'))).toEqual(['/dist']);
  });

  it('leaves .gitignore alone with --skipGitignore', async () => {
    tree.write('.gitignore', 'node_modules\n');
    await initGenerator(tree, { skipGitignore: true, skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n');
  });

  it('has a schema with properties (nx add probes schema.properties before running init)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'schema.json'), 'utf-8'));
    expect(schema.properties).toHaveProperty('keepExistingVersions');
    const generators = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../generators.json'), 'utf-8'));
    expect(generators.generators.init.factory).toBe('./dist/generators/init/generator');
  });
});
