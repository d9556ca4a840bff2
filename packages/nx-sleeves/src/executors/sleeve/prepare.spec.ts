/** prepareTask for a meta-portfolio with a pinned entry: what it reads must be what its cache key hashes. */
import type { ProjectConfiguration } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { prepareTask } from './prepare';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const RUNTIME = 'node node_modules/nx-sleeves/dist/graph/pinned-runs-cli.js dist/sleeves/alpha/Q4';
const projects = (metaTarget: Record<string, unknown>): Record<string, ProjectConfiguration> => ({
  alpha: { root: 'apps/alpha', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'alpha' } } } },
  beta: { root: 'apps/beta', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'beta' } } } },
  meta: { root: 'apps/meta', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'meta' }, ...metaTarget } } },
});
const prepare = (metaTarget: Record<string, unknown>) =>
  prepareTask(
    { id: 'meta:sleeve', project: 'meta', target: 'sleeve', outputs: ['dist/sleeves/meta/dev'] },
    { profile: 'meta' },
    { root, projects: projects(metaTarget), env: {} },
  );

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nxs-prepare-'));
  mkdirSync(join(root, 'data/lakehouse'), { recursive: true });
  write('node_modules/@nx-sleeves/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
  write('node_modules/@nx-sleeves/pipeline/index.js', '');
  write('node_modules/@nx-sleeves/pipeline/dist/meta/index.js', '');
  write(
    'apps/meta/meta-portfolio.json',
    JSON.stringify({
      name: 'meta',
      sleeves: [
        { id: 'a', project: 'alpha', runId: 'Q4' },
        { id: 'b', project: 'beta' },
      ],
    }),
  );
  write('dist/sleeves/alpha/Q4/result.json', JSON.stringify({ status: 'success' }));
  write('dist/sleeves/beta/dev/result.json', JSON.stringify({ status: 'success' }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('prepareTask: pinned meta-portfolio entries', () => {
  it('hands the pinned folder to the meta pipeline when the target hashes it', () => {
    const spec = prepare({ cache: true, inputs: [{ dependentTasksOutputFiles: '**/artifacts.zip' }, { runtime: RUNTIME }] });
    expect((spec.options as { sleeveInputs: { outputPath: string }[] }).sleeveInputs.map((i) => i.outputPath)).toEqual([
      'dist/sleeves/alpha/Q4',
      'dist/sleeves/beta/dev',
    ]);
  });

  it('fails a cached meta whose key does not cover a pinned folder, naming the input to add', () => {
    expect(() => prepare({ cache: true, inputs: [{ dependentTasksOutputFiles: '**/artifacts.zip' }] })).toThrow(
      `apps/meta/meta-portfolio.json: sleeve "a": pinned run dist/sleeves/alpha/Q4 is not part of this target's cache key; expected the input { "runtime": "${RUNTIME}" }`,
    );
    // Hashing another folder is no better.
    expect(() => prepare({ cache: true, inputs: [{ runtime: RUNTIME.replace('Q4', 'Q3') }] })).toThrow(/pinned run dist\/sleeves\/alpha\/Q4/);
  });

  it('lets an uncached meta read it (nothing can be replayed stale)', () => {
    expect(() => prepare({ cache: false, inputs: [] })).not.toThrow();
  });
});

describe('prepareTask: the lakehouse a sleeve runs against is the one its key fingerprints', () => {
  const sleeve = (targetOptions: Record<string, unknown>, options: Record<string, unknown>) =>
    prepareTask(
      { id: 'alpha:sleeve', project: 'alpha', target: 'sleeve', outputs: ['dist/sleeves/alpha/dev'] },
      { profile: 'alpha', ...options },
      {
        root,
        env: {},
        projects: { alpha: { root: 'apps/alpha', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'alpha' }, ...targetOptions } } } },
      },
    );
  beforeEach(() => {
    write('apps/alpha/sleeve.json', '{}');
    mkdirSync(join(root, 'data/snapshot-2024'), { recursive: true });
  });

  it('runs against the fingerprinted lakehouse', () => {
    expect(sleeve({ cache: true, metadata: { lakehouseFingerprinted: 'data/lakehouse' } }, { lakehouse: 'data/lakehouse' }).lakehouse).toBe(
      join(root, 'data/lakehouse'),
    );
  });

  it('fails a cached run against another folder, whose changes the key would not notice', () => {
    expect(() => sleeve({ cache: true, metadata: { lakehouseFingerprinted: 'data/lakehouse' } }, { lakehouse: 'data/snapshot-2024' })).toThrow(
      'option "lakehouse": invalid value "data/snapshot-2024"; expected the lakehouse this target\'s cache key fingerprints ("data/lakehouse")',
    );
  });

  it('checks an absolute lakehouse outside the workspace the same way', () => {
    const outside = mkdtempSync(join(tmpdir(), 'nxs-outside-lake-'));
    const other = mkdtempSync(join(tmpdir(), 'nxs-outside-other-'));
    try {
      expect(sleeve({ cache: true, metadata: { lakehouseFingerprinted: outside } }, { lakehouse: outside }).lakehouse).toBe(outside);
      expect(() => sleeve({ cache: true, metadata: { lakehouseFingerprinted: outside } }, { lakehouse: other })).toThrow(
        `option "lakehouse": invalid value ${JSON.stringify(other)}; expected the lakehouse this target's cache key fingerprints (${JSON.stringify(outside)})`,
      );
      expect(() => sleeve({ cache: true, metadata: { lakehouseFingerprinted: outside } }, { lakehouse: 'data/lakehouse' })).toThrow(
        'expected the lakehouse this target',
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('leaves uncached targets and workspaces without a lakehouse fingerprint alone', () => {
    expect(() => sleeve({ cache: false, metadata: { lakehouseFingerprinted: 'data/lakehouse' } }, { lakehouse: 'data/snapshot-2024' })).not.toThrow();
    expect(() => sleeve({ cache: true, metadata: {} }, { lakehouse: 'data/snapshot-2024' })).not.toThrow();
  });
});
