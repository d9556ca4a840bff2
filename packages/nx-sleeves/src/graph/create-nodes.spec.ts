import type { CreateNodesContext, TargetConfiguration } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createNodes, createNodesV2, graphRunId, PROFILE_GLOB } from './create-nodes';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const context = (namedInputs?: Record<string, unknown>): CreateNodesContext =>
  ({ workspaceRoot: root, nxJsonConfiguration: namedInputs ? { namedInputs } : {} }) as CreateNodesContext;
const run = async (files: string[], options?: unknown, ctx = context()) => Object.fromEntries(await createNodes[1](files, options as never, ctx));
const target = (
  result: Record<string, { projects?: Record<string, { targets?: Record<string, TargetConfiguration> }> }>,
  file: string,
  root: string,
  name = 'sleeve',
) => result[file].projects![root].targets![name];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nxs-create-nodes-'));
  write('apps/alpha/sleeve.json', JSON.stringify({ name: 'alpha', description: 'A', risk: { engine: 'hrp' }, resources: { cpus: 2 } }));
  write('apps/meta/meta-portfolio.json', JSON.stringify({ name: 'meta', sleeves: [{ id: 'a', project: 'alpha' }] }));
  // The pipeline as npm workspaces link it: node_modules/@nx-sleeves/pipeline -> libs/pipeline
  write('libs/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
  write('libs/pipeline/index.js', 'exports.run = async () => {};');
  mkdirSync(join(root, 'node_modules/@nx-sleeves'), { recursive: true });
  symlinkSync(join('..', '..', 'libs', 'pipeline'), join(root, 'node_modules/@nx-sleeves/pipeline'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createNodes', () => {
  it('matches sleeve.json and meta-portfolio.json anywhere; createNodesV2 is the same', () => {
    expect(PROFILE_GLOB).toBe('**/{sleeve,meta-portfolio}.json');
    expect(createNodesV2).toBe(createNodes);
  });

  it('infers a project named after the profile with a cached sleeve target', async () => {
    const result = await run(['apps/alpha/sleeve.json'], undefined, context({ production: ['default'] }));
    const project = result['apps/alpha/sleeve.json'].projects!['apps/alpha'];
    expect(project).toMatchObject({ name: 'alpha', root: 'apps/alpha', tags: ['nx-sleeves:sleeve'] });
    const t = project.targets!.sleeve;
    expect(t).toMatchObject({
      executor: 'nx-sleeves:sleeve',
      cache: true,
      options: { profile: 'alpha', cpus: 2, memoryMb: 3072, lakehouse: 'data/lakehouse', outputsRoot: 'dist/sleeves' },
      outputs: ['{options.outputPath ?? dist/sleeves/alpha/{options.runId ?? dev}}'],
      dependsOn: ['^build'],
    });
    expect(t.metadata?.description).toMatch(/^Run the sleeve "alpha" in an isolated worker/);
    expect(t.metadata?.lakehouseFingerprinted).toBe('data/lakehouse'); // checked by the executor against --lakehouse
    expect(t.inputs).toEqual([
      { json: '{projectRoot}/sleeve.json', excludeFields: ['$schema', 'name', 'description', 'tags', 'notes'] },
      '{projectRoot}/**/*',
      '!{projectRoot}/sleeve.json',
      '!{projectRoot}/**/*.md',
      '{workspaceRoot}/sleeve.defaults.json',
      { env: 'TV_RUN_ID' },
      // One runtime command for both fingerprints (env, then the default lakehouse fingerprint).
      { runtime: 'node node_modules/nx-sleeves/dist/graph/env-fingerprint-cli.js --lakehouse data/lakehouse' },
      { input: 'production', projects: 'directory:libs/pipeline' },
      { externalDependencies: [] },
    ]);
  });

  it('uses the default named input when nx.json has no production input', async () => {
    const t = target(await run(['apps/alpha/sleeve.json']), 'apps/alpha/sleeve.json', 'apps/alpha');
    expect(t.inputs).toContainEqual({ input: 'default', projects: 'directory:libs/pipeline' });
  });

  it('declares an installed (external) pipeline package as an external dependency', async () => {
    rmSync(join(root, 'node_modules/@nx-sleeves/pipeline'));
    write('node_modules/@nx-sleeves/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
    write('node_modules/@nx-sleeves/pipeline/index.js', '');
    const t = target(await run(['apps/alpha/sleeve.json']), 'apps/alpha/sleeve.json', 'apps/alpha');
    expect(t.inputs).toContainEqual({ externalDependencies: ['@nx-sleeves/pipeline'] });
    expect(JSON.stringify(t.inputs)).not.toContain('directory:');
  });

  it('gives a meta-portfolio its sleeves first (same --runId) and their zips as inputs, not the lakehouse', async () => {
    const t = target(await run(['apps/meta/meta-portfolio.json'], { lakehouseTarget: 'market-data:lakehouse' }), 'apps/meta/meta-portfolio.json', 'apps/meta');
    expect(t.dependsOn).toEqual(['^build', { dependencies: true, target: 'sleeve', params: 'forward' }]);
    expect(t.inputs).toContainEqual({ dependentTasksOutputFiles: '**/artifacts.zip' });
    expect(t.inputs).toContainEqual({ json: '{projectRoot}/meta-portfolio.json', excludeFields: ['$schema', 'name', 'description', 'tags', 'notes'] });
    expect(JSON.stringify(t.inputs)).not.toContain('lakehouse-fingerprint-cli');
    expect(JSON.stringify(t.inputs)).not.toContain('catalog.json');
  });

  it('hashes the exact output folders of pinned entries with a runtime input (they are no dependency output)', async () => {
    const metaOnly = target(await run(['apps/meta/meta-portfolio.json']), 'apps/meta/meta-portfolio.json', 'apps/meta');
    expect(JSON.stringify(metaOnly.inputs)).not.toContain('pinned-runs-cli');
    write(
      'apps/meta/meta-portfolio.json',
      JSON.stringify({
        name: 'meta',
        sleeves: [
          { id: 'b', project: 'beta', runId: '2024Q4' },
          { id: 'a', project: 'alpha', runId: 'golden' },
          { id: 'c', project: 'gamma' },
        ],
      }),
    );
    const t = target(await run(['apps/meta/meta-portfolio.json'], { outputsRoot: 'out/runs' }), 'apps/meta/meta-portfolio.json', 'apps/meta');
    // Workspace-relative and sorted: clones in different folders, and entry order, give the same key.
    expect(t.inputs).toContainEqual({ runtime: 'node node_modules/nx-sleeves/dist/graph/pinned-runs-cli.js out/runs/alpha/golden out/runs/beta/2024Q4' });
    expect(t.inputs).toContainEqual({ dependentTasksOutputFiles: '**/artifacts.zip' });
  });

  it('applies plugin options: target name, defaults, outputs root, lakehouse target', async () => {
    write('apps/beta/sleeve.json', JSON.stringify({ name: 'beta' }));
    const result = await run(['apps/beta/sleeve.json'], {
      targetName: 'backtest',
      cpus: 3,
      memoryMb: 2048,
      outputsRoot: 'out/runs',
      lakehouse: 'lake',
      lakehouseTarget: 'market-data:lakehouse',
      lakehouseFingerprint: false,
    });
    const t = target(result, 'apps/beta/sleeve.json', 'apps/beta', 'backtest');
    expect(t.options).toMatchObject({ cpus: 3, memoryMb: 2048, lakehouse: 'lake', outputsRoot: 'out/runs' });
    expect(t.outputs).toEqual(['{options.outputPath ?? out/runs/beta/{options.runId ?? dev}}']);
    expect(t.dependsOn).toEqual(['^build', { projects: ['market-data'], target: 'lakehouse' }]);
    expect(JSON.stringify(t.inputs)).not.toContain('lakehouse-fingerprint-cli');
    expect(t.metadata?.lakehouseFingerprinted).toBeUndefined(); // lakehouseFingerprint: false
    // Defers hashing until the lakehouse target ran, so a cold run does not fingerprint a missing lakehouse.
    expect(t.inputs).toContainEqual({ dependentTasksOutputFiles: '**/catalog.json' });
  });

  it('keeps a broken profile as a project whose task fails with the file named, without hiding the others', async () => {
    write('apps/broken/sleeve.json', '{ "name": ');
    write('apps/badname/sleeve.json', JSON.stringify({ name: '../x' }));
    const result = await run(['apps/alpha/sleeve.json', 'apps/broken/sleeve.json', 'apps/badname/sleeve.json']);
    expect(result['apps/alpha/sleeve.json'].projects!['apps/alpha'].name).toBe('alpha');
    const broken = result['apps/broken/sleeve.json'].projects!['apps/broken'];
    expect(broken.name).toBe('broken');
    expect(broken.targets!.sleeve).toMatchObject({ executor: 'nx-sleeves:sleeve', cache: false });
    expect(broken.targets!.sleeve.options.configError).toMatch(/^apps\/broken\/sleeve\.json: invalid JSON: /);
    expect(target(result, 'apps/badname/sleeve.json', 'apps/badname').options.configError).toBe(
      'apps/badname/sleeve.json: name: invalid value "../x"; expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$',
    );
  });

  it('ignores a profile at the workspace root and fails the graph on invalid plugin options', async () => {
    write('sleeve.json', '{}');
    expect((await run(['sleeve.json']))['sleeve.json']).toEqual({});
    await expect(run(['apps/alpha/sleeve.json'], { cpus: -1 })).rejects.toThrow('nx.json plugin "nx-sleeves" option "cpus": invalid value -1');
  });
});

describe('graphRunId', () => {
  it('takes a valid TV_RUN_ID, else dev', () => {
    expect(graphRunId({ TV_RUN_ID: 'nightly-1' })).toBe('nightly-1');
    expect(graphRunId({ TV_RUN_ID: '../x' })).toBe('dev');
    expect(graphRunId({})).toBe('dev');
  });
});
