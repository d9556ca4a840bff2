/** Wiring of the non-batch executor (`--no-batch`) with the engine mocked; the real thing runs in e2e/. */
import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SleeveSpec } from '../../engine';

const calls: { opts: unknown; specs: SleeveSpec[] }[] = [];
let status = 'success';
jest.mock('../../engine', () => ({
  SleeveComputeEngine: jest.fn((opts) => ({
    executeSleeves: async (specs: SleeveSpec[]) => {
      calls.push({ opts, specs });
      return [
        {
          name: specs[0].name,
          status,
          error: status === 'success' ? undefined : 'sleeve alpha crashed: exit code 3',
          outputPath: specs[0].outputPath,
          durationMs: 5,
          peakRssMb: 10,
          zipBytes: 100,
        },
      ];
    },
    cancelAll: async () => undefined,
    shutdown: async () => undefined,
  })),
}));

import sleeveExecutor from './executor';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const context = (): ExecutorContext =>
  ({
    root,
    cwd: root,
    projectName: 'alpha',
    targetName: 'sleeve',
    isVerbose: false,
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
    projectsConfigurations: { version: 2, projects: { alpha: { root: 'apps/alpha', targets: {} } } },
    taskGraph: {
      roots: ['alpha:sleeve'],
      tasks: { 'alpha:sleeve': { id: 'alpha:sleeve', target: { project: 'alpha', target: 'sleeve' }, outputs: ['dist/sleeves/alpha/dev'], overrides: {} } },
      dependencies: { 'alpha:sleeve': [] },
      continuousDependencies: {},
    },
  }) as unknown as ExecutorContext;

let out: jest.SpyInstance;
let err: jest.SpyInstance;
beforeEach(() => {
  calls.length = 0;
  status = 'success';
  root = mkdtempSync(join(tmpdir(), 'nxs-exec-'));
  mkdirSync(join(root, 'data/lakehouse'), { recursive: true });
  write('node_modules/@nx-sleeves/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
  write('node_modules/@nx-sleeves/pipeline/index.js', '');
  out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  process.env.NX_SLEEVES_CPUS = '1';
});
afterEach(() => {
  out.mockRestore();
  err.mockRestore();
  delete process.env.NX_SLEEVES_CPUS;
  rmSync(root, { recursive: true, force: true });
});

test('runs one sleeve through its own engine and reports success', async () => {
  await expect(sleeveExecutor({ profile: 'alpha' }, context())).resolves.toEqual({ success: true });
  expect(calls).toHaveLength(1);
  expect(calls[0].opts).toMatchObject({ cpus: 1 });
  expect(calls[0].specs[0]).toMatchObject({ name: 'alpha', profile: 'alpha', runId: 'dev', outputPath: join(root, 'dist/sleeves/alpha/dev') });
  expect(out.mock.calls.map((c) => String(c[0])).join('')).toMatch(/alpha\s+success/);
});

test('a failed sleeve is success: false with its error printed', async () => {
  status = 'crashed';
  await expect(sleeveExecutor({ profile: 'alpha' }, context())).resolves.toEqual({ success: false });
  expect(err).toHaveBeenCalledWith('[alpha] sleeve alpha crashed: exit code 3');
});

test('invalid options fail before the engine is created', async () => {
  await expect(sleeveExecutor({ profile: 'alpha', lakehouse: 'nope' }, context())).resolves.toEqual({ success: false });
  expect(calls).toHaveLength(0);
  expect(err.mock.calls[0][0]).toMatch(/^\[alpha\] option "lakehouse": invalid value "nope"/);
});
