import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import { batchDashboards } from './batch-dashboards';
import { compareRunId, DashboardModuleMissing, loadDashboardModule, sleeveProfiles } from './render';

const graph = {
  nodes: {
    a: {
      name: 'a',
      type: 'app',
      data: { root: 'apps/a', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'alpha', outputsRoot: 'dist/sleeves' } } } },
    },
    b: { name: 'b', type: 'app', data: { root: 'apps/b', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'beta' } } } } },
    x: {
      name: 'x',
      type: 'app',
      data: { root: 'apps/x', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'x', configError: 'broken' } } } },
    },
    o: {
      name: 'o',
      type: 'app',
      data: { root: 'apps/o', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'other', outputsRoot: 'out' } } } },
    },
    l: { name: 'l', type: 'lib', data: { root: 'libs/l', targets: { build: { executor: 'nx:run-commands', options: { profile: 'nope' } } } } },
  },
} as unknown as ProjectGraph;

describe('dashboard helpers of the plugin', () => {
  it('finds every sleeve/meta profile of the graph by outputs root (broken profiles and other executors left out)', () => {
    expect([...sleeveProfiles(graph)]).toEqual([
      ['dist/sleeves', ['alpha', 'beta']],
      ['out', ['other']],
    ]);
    expect(sleeveProfiles(undefined).size).toBe(0);
  });
  it('validates NX_SLEEVES_COMPARE', () => {
    expect(compareRunId({})).toBeUndefined();
    expect(compareRunId({ NX_SLEEVES_COMPARE: 'nightly' })).toBe('nightly');
    expect(() => compareRunId({ NX_SLEEVES_COMPARE: '../x' })).toThrow('env NX_SLEEVES_COMPARE: invalid value "../x"; expected a run id');
  });
  it('a workspace whose pipeline package has no dashboard: the batch prints nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'nxs-dash-mod-'));
    try {
      expect(() => loadDashboardModule(root)).toThrow(DashboardModuleMissing);
      expect(batchDashboards(root, graph, ['dev'], {})).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
