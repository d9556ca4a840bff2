import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateNodesContext, ProjectConfiguration } from '@nx/devkit';
import { compareRunFingerprint } from './compare-run-cli';
import { createNodes } from './create-nodes';

describe('the inferred dashboard project', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nxs-dash-graph-'));
    for (const [dir, file, json] of [
      ['apps/beta', 'sleeve.json', { name: 'beta' }],
      ['apps/alpha', 'sleeve.json', { name: 'alpha' }],
      ['apps/meta', 'meta-portfolio.json', { name: 'meta', sleeves: [{ id: 'a', project: 'alpha' }] }],
    ] as const) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, file), JSON.stringify(json));
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const run = async (files: string[], options: Record<string, unknown> = {}) => {
    const ctx = { workspaceRoot: root, nxJsonConfiguration: {} } as unknown as CreateNodesContext;
    const results = await createNodes[1](files, options as never, ctx);
    return results.flatMap(([, r]) => Object.values(r.projects ?? {})) as ProjectConfiguration[];
  };

  it('one project depending on every sleeve and meta task of the same run, cached on their outputs', async () => {
    const projects = await run(['apps/beta/sleeve.json', 'apps/alpha/sleeve.json', 'apps/meta/meta-portfolio.json']);
    const dash = projects.filter((p) => p.name === 'sleeves-dashboard');
    expect(dash).toHaveLength(1);
    expect(dash[0].root).toBe('dist/sleeves/_runs');
    expect(dash[0].implicitDependencies).toEqual(['alpha', 'beta', 'meta']);
    const t = dash[0].targets!['sleeve-dashboard'];
    expect(t).toMatchObject({ executor: 'nx-sleeves:dashboard', cache: true, options: { outputsRoot: 'dist/sleeves', profiles: ['alpha', 'beta', 'meta'] } });
    expect(t.dependsOn).toEqual([{ dependencies: true, target: 'sleeve', params: 'forward' }]);
    expect(t.outputs).toEqual(['{projectRoot}/{options.runId ?? dev}']);
    expect(t.inputs).toEqual(
      expect.arrayContaining([
        { dependentTasksOutputFiles: '**/result.json' },
        { dependentTasksOutputFiles: '**/artifacts.zip' },
        { env: 'NX_SLEEVES_COMPARE' },
        { runtime: 'node node_modules/nx-sleeves/dist/graph/compare-run-cli.js dist/sleeves' },
      ]),
    );
  });

  it('none without sleeves, with dashboard: false, or when a profile takes its name', async () => {
    expect((await run(['apps/alpha/sleeve.json'], { dashboard: false })).map((p) => p.name)).toEqual(['alpha']);
    mkdirSync(join(root, 'apps/sd'));
    writeFileSync(join(root, 'apps/sd/sleeve.json'), JSON.stringify({ name: 'sleeves-dashboard' }));
    expect((await run(['apps/sd/sleeve.json'])).map((p) => p.name)).toEqual(['sleeves-dashboard']);
    expect(await run([])).toEqual([]);
  });

  it('the compared run is hashed by its result.json status and zip bytes', () => {
    expect(compareRunFingerprint('dist/sleeves', {}, root)).toBe('compare=none');
    mkdirSync(join(root, 'dist/sleeves/alpha/nightly'), { recursive: true });
    writeFileSync(join(root, 'dist/sleeves/alpha/nightly/result.json'), JSON.stringify({ status: 'success', runId: 'nightly' }));
    writeFileSync(join(root, 'dist/sleeves/alpha/nightly/artifacts.zip'), 'zip-1');
    const a = compareRunFingerprint('dist/sleeves', { NX_SLEEVES_COMPARE: 'nightly' }, root);
    expect(a).toMatch(/^compare=nightly\ndist\/sleeves\/alpha\/nightly result=success\/nightly zip=[0-9a-f]{64}$/);
    writeFileSync(join(root, 'dist/sleeves/alpha/nightly/artifacts.zip'), 'zip-2');
    expect(compareRunFingerprint('dist/sleeves', { NX_SLEEVES_COMPARE: 'nightly' }, root)).not.toBe(a);
  });
});
