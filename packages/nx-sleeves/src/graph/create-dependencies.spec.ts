import type { CreateDependenciesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDependencies } from './create-dependencies';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};

function context(): CreateDependenciesContext {
  const projects = {
    alpha: { root: 'apps/alpha' },
    beta: { root: 'apps/beta' },
    meta: { root: 'apps/meta' },
    top: { root: 'apps/top' },
    pipeline: { root: 'libs/pipeline' },
    other: { root: 'libs/other' },
  };
  const files: Record<string, string[]> = {
    alpha: ['apps/alpha/sleeve.json'],
    beta: ['apps/beta/sleeve.json'],
    meta: ['apps/meta/meta-portfolio.json'],
    top: ['apps/top/meta-portfolio.json'],
    pipeline: ['libs/pipeline/package.json', 'libs/pipeline/index.js'],
    other: ['libs/other/index.js'],
  };
  const projectFileMap = Object.fromEntries(Object.entries(files).map(([p, fs]) => [p, fs.map((file) => ({ file, hash: '1' }))]));
  return {
    workspaceRoot: root,
    projects,
    fileMap: { projectFileMap, nonProjectFiles: [] },
    filesToProcess: { projectFileMap: {}, nonProjectFiles: [] },
    externalNodes: {},
    nxJsonConfiguration: {},
  } as unknown as CreateDependenciesContext;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nxs-deps-'));
  write(
    'apps/meta/meta-portfolio.json',
    JSON.stringify({
      sleeves: [
        { id: 'a', project: 'alpha' },
        { id: 'b', project: 'beta' },
        { id: 'x', project: 'missing' },
      ],
    }),
  );
  write('apps/top/meta-portfolio.json', JSON.stringify({ sleeves: [{ id: 'm', project: 'meta' }] }));
  write('libs/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
  write('libs/pipeline/index.js', '');
  mkdirSync(join(root, 'node_modules/@nx-sleeves'), { recursive: true });
  symlinkSync(join('..', '..', 'libs', 'pipeline'), join(root, 'node_modules/@nx-sleeves/pipeline'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createDependencies', () => {
  it('links sleeves and metas to the pipeline project and metas to their (nested) sleeves', async () => {
    const deps = await createDependencies(undefined, context());
    const edges = deps.map((d) => `${d.source}->${d.target}`).sort();
    expect(edges).toEqual(['alpha->pipeline', 'beta->pipeline', 'meta->alpha', 'meta->beta', 'meta->pipeline', 'top->meta', 'top->pipeline']);
    expect(deps.find((d) => d.source === 'meta' && d.target === 'alpha')).toMatchObject({ type: 'static', sourceFile: 'apps/meta/meta-portfolio.json' });
  });

  it('adds no pipeline edge when the pipeline package is not installed, and survives a broken meta file', async () => {
    rmSync(join(root, 'node_modules'), { recursive: true });
    write('apps/top/meta-portfolio.json', '{ broken');
    const edges = (await createDependencies(undefined, context())).map((d) => `${d.source}->${d.target}`).sort();
    expect(edges).toEqual(['meta->alpha', 'meta->beta']);
  });
});
