import { addProjectConfiguration, logger, readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initGenerator } from './generator';
import { lakehouseProjectJson } from './lakehouse-project';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('registers the plugin in nx.json, with a market-data:lakehouse target the sleeves depend on', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-sleeves', options: { lakehouseTarget: 'market-data:lakehouse' } }]);
    const project = readJson(tree, 'tools/market-data/project.json');
    expect(project.name).toBe('market-data');
    expect(project.targets.lakehouse).toMatchObject({
      executor: 'nx:run-commands',
      cache: true,
      outputs: ['{workspaceRoot}/data/lakehouse'],
    });
  });

  it('uses a lakehouse target the workspace already has instead of adding one', async () => {
    addProjectConfiguration(tree, 'data', { root: 'libs/data', targets: { lakehouse: { command: 'make lakehouse' } } });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-sleeves', options: { lakehouseTarget: 'data:lakehouse' } }]);
    expect(tree.exists('tools/market-data/project.json')).toBe(false);
  });

  it('registers the bare plugin with --lakehouse=false', async () => {
    await initGenerator(tree, { skipFormat: true, lakehouse: false });
    expect(readNxJson(tree)?.plugins).toEqual(['nx-sleeves']);
    expect(tree.exists('tools/market-data/project.json')).toBe(false);
  });

  it('writes a lakehouse command that generates into the lakehouse folder with a fixed seed', () => {
    const project = lakehouseProjectJson('data/lakehouse') as { targets: { lakehouse: { options: { command: string } } } };
    const command = project.targets.lakehouse.options.command;
    expect(command).toMatch(/^node -e "let l; try \{ l = require\('@nx-sleeves\/pipeline\/dist\/lakehouse'\); \} catch/);
    expect(command).toContain(
      "install it with: npm install -D @nx-sleeves/pipeline'); process.exit(1); } l.generateLakehouse({ outDir: 'data/lakehouse', seed: 42 })",
    );
    expect(command.slice('node -e "'.length, -1)).not.toContain('"');
  });

  it('is idempotent: a second run changes nothing', async () => {
    await initGenerator(tree, { skipFormat: true });
    const nxJson = tree.read('nx.json', 'utf-8');
    const gitignore = tree.read('.gitignore', 'utf-8');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
    expect(tree.read('.gitignore', 'utf-8')).toBe(gitignore);
    expect(readNxJson(tree)?.plugins?.filter((p) => (typeof p === 'string' ? p : p.plugin) === 'nx-sleeves')).toHaveLength(1);
  });

  it('keeps an existing registration with its options (and adds no lakehouse project) and other plugins untouched', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['@nx/js/typescript', { plugin: 'nx-sleeves', options: { targetName: 'run-sleeve', cpus: 2 } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js/typescript', { plugin: 'nx-sleeves', options: { targetName: 'run-sleeve', cpus: 2 } }]);
    expect(tree.exists('tools/market-data/project.json')).toBe(false);
  });

  it('appends after existing plugins', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['@nx/js/typescript'];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { skipFormat: true, lakehouse: false });
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

  describe('pipeline package', () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf-8')).peerDependencies['@nx-sleeves/pipeline'];

    it('adds @nx-sleeves/pipeline at the version nx-sleeves declares and returns the install task', async () => {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      const before = readJson(tree, 'package.json');
      const callback = await initGenerator(tree, { skipFormat: true, keepExistingVersions: true });
      const pkg = readJson(tree, 'package.json');
      expect(pkg.devDependencies['@nx-sleeves/pipeline']).toBe(version);
      expect(Object.keys(pkg.devDependencies)).toEqual([...Object.keys(pkg.devDependencies)].sort());
      expect(pkg.dependencies).toEqual(before.dependencies); // nothing else touched (no empty "dependencies": {})
      expect(callback.toString()).toContain('installPackagesTask');
    });

    it('keeps a version (or file: spec) package.json already lists, and installs nothing', async () => {
      const pkg = readJson(tree, 'package.json');
      pkg.dependencies = { '@nx-sleeves/pipeline': 'file:../pipeline.tgz' };
      tree.write('package.json', JSON.stringify(pkg));
      const callback = await initGenerator(tree, { skipFormat: true });
      const after = readJson(tree, 'package.json');
      expect(after.dependencies['@nx-sleeves/pipeline']).toBe('file:../pipeline.tgz');
      expect(after.devDependencies?.['@nx-sleeves/pipeline']).toBeUndefined();
      expect(callback.toString()).not.toContain('installPackagesTask');
    });

    it('adds nothing with --skipPackageJson', async () => {
      await initGenerator(tree, { skipFormat: true, skipPackageJson: true });
      expect(readJson(tree, 'package.json').devDependencies?.['@nx-sleeves/pipeline']).toBeUndefined();
    });
  });
});
