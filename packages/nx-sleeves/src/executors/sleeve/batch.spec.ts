/**
 * Wiring of the batch executor with the engine mocked (the engine is tested with real processes on its own, and
 * the batch end to end in e2e/): one engine per batch, results yielded as tasks finish, in-batch dependencies,
 * validation errors, signals.
 */
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SleeveResult, SleeveSpec } from '../../engine';

interface Call {
  spec: SleeveSpec;
  resolve: (status: SleeveResult['status']) => void;
}
const engines: FakeEngine[] = [];
class FakeEngine {
  calls: Call[] = [];
  cancelled: string[] = [];
  shutdownCalled = false;
  constructor(public opts: unknown) {
    engines.push(this);
  }
  executeSleeves(specs: SleeveSpec[]): Promise<SleeveResult[]> {
    const [spec] = specs;
    return new Promise((res) => {
      this.calls.push({
        spec,
        resolve: (status) => {
          if (status === 'success') {
            mkdirSync(spec.outputPath, { recursive: true });
            writeFileSync(join(spec.outputPath, 'result.json'), JSON.stringify({ status }));
          }
          res([
            {
              name: spec.name,
              profile: spec.profile,
              runId: spec.runId,
              status,
              terminalOutput: `[${spec.name}] ${status}\n`,
              outputPath: spec.outputPath,
              durationMs: 1,
              peakRssMb: 1,
              zipBytes: 1,
            } as SleeveResult,
          ]);
        },
      });
    });
  }
  async cancelAll(reason: string) {
    this.cancelled.push(reason);
    for (const c of this.calls) c.resolve('cancelled');
  }
  async shutdown() {
    this.shutdownCalled = true;
  }
}
jest.mock('../../engine', () => ({ SleeveComputeEngine: jest.fn((opts) => new FakeEngine(opts)) }));

import sleeveBatchExecutor, { afterSignal } from './batch';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const task = (project: string, outputs = [`dist/sleeves/${project}/dev`]) => ({
  id: `${project}:sleeve`,
  target: { project, target: 'sleeve' },
  overrides: {},
  outputs,
  cache: true,
});
function graph(deps: Record<string, string[]>): TaskGraph {
  const tasks = Object.fromEntries(Object.keys(deps).map((p) => [`${p}:sleeve`, task(p)]));
  return {
    roots: [],
    tasks,
    dependencies: Object.fromEntries(Object.entries(deps).map(([p, ds]) => [`${p}:sleeve`, ds.map((d) => ({ id: `${d}:sleeve` }))])),
    continuousDependencies: {},
  } as unknown as TaskGraph;
}
const context = (): ExecutorContext =>
  ({
    root,
    cwd: root,
    isVerbose: false,
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
    projectsConfigurations: {
      version: 2,
      projects: {
        alpha: { root: 'apps/alpha', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'alpha' } } } },
        beta: { root: 'apps/beta', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'beta' } } } },
        meta: { root: 'apps/meta', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'meta' } } } },
        broken: { root: 'apps/broken', targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile: 'broken' } } } },
      },
    },
  }) as unknown as ExecutorContext;
const inputs = (...projects: string[]) => Object.fromEntries(projects.map((p) => [`${p}:sleeve`, { profile: p, lakehouse: 'data/lakehouse' }]));
const tick = () => new Promise((r) => setImmediate(r));

let stdout: jest.SpyInstance;
let stderr: jest.SpyInstance;
beforeEach(() => {
  engines.length = 0;
  root = mkdtempSync(join(tmpdir(), 'nxs-batch-'));
  mkdirSync(join(root, 'data/lakehouse'), { recursive: true });
  write('node_modules/@nx-sleeves/pipeline/package.json', JSON.stringify({ name: '@nx-sleeves/pipeline', main: 'index.js' }));
  write('node_modules/@nx-sleeves/pipeline/index.js', 'exports.run = async () => {};');
  write('node_modules/@nx-sleeves/pipeline/dist/meta/index.js', 'exports.run = async () => {};');
  write('apps/alpha/sleeve.json', '{}');
  write('apps/beta/sleeve.json', '{}');
  write(
    'apps/meta/meta-portfolio.json',
    JSON.stringify({
      sleeves: [
        { id: 'a', project: 'alpha' },
        { id: 'b', project: 'beta' },
      ],
    }),
  );
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.env.NX_SLEEVES_CPUS = '3';
  process.env.NX_SLEEVES_MEMORY_MB = '1000';
});
afterEach(() => {
  stdout.mockRestore();
  stderr.mockRestore();
  delete process.env.NX_SLEEVES_CPUS;
  delete process.env.NX_SLEEVES_MEMORY_MB;
  rmSync(root, { recursive: true, force: true });
});

test('one engine for the batch; each task yielded as it finishes; the meta starts after its sleeves with exact inputs', async () => {
  const it = sleeveBatchExecutor(graph({ alpha: [], beta: [], meta: ['alpha', 'beta'] }), inputs('alpha', 'beta', 'meta'), {} as never, context());
  const first = it.next();
  await tick();
  expect(engines).toHaveLength(1);
  expect(engines[0].opts).toMatchObject({ cpus: 3, memoryMb: 1000, backend: 'local' });
  const engine = engines[0];
  expect(engine.calls.map((c) => c.spec.name)).toEqual(['alpha', 'beta']); // the meta waits
  engine.calls[1].resolve('success');
  expect(await first).toEqual({ value: { task: 'beta:sleeve', result: { success: true, terminalOutput: '[beta] success\n' } }, done: false });
  const second = it.next();
  engine.calls[0].resolve('success');
  expect((await second).value.task).toBe('alpha:sleeve');
  const third = it.next();
  await tick();
  const meta = engine.calls[2].spec;
  expect(meta).toMatchObject({ name: 'meta', pipeline: join(root, 'node_modules/@nx-sleeves/pipeline/dist/meta/index.js') });
  expect(meta.options).toEqual({
    sleeveInputs: [
      { id: 'a', project: 'alpha', profile: 'alpha', runId: 'dev', outputPath: 'dist/sleeves/alpha/dev' },
      { id: 'b', project: 'beta', profile: 'beta', runId: 'dev', outputPath: 'dist/sleeves/beta/dev' },
    ],
  });
  engine.calls[2].resolve('failed');
  expect((await third).value).toEqual({ task: 'meta:sleeve', result: { success: false, terminalOutput: '[meta] failed\n' } });
  expect((await it.next()).done).toBe(true);
  expect(engine.shutdownCalled).toBe(true);
  const printed = stdout.mock.calls.map((c) => String(c[0])).join('');
  expect(printed).toMatch(/alpha\s+success/);
  expect(printed).toMatch(/meta\s+failed/);
});

test('a task whose in-batch dependency failed is not run; an invalid task fails at once without the engine', async () => {
  const g = graph({ alpha: [], meta: ['alpha'], broken: [] });
  const opts = { ...inputs('alpha', 'meta'), 'broken:sleeve': { profile: 'broken', configError: 'apps/broken/sleeve.json: invalid JSON: x' } };
  const it = sleeveBatchExecutor(g, opts as never, {} as never, context());
  const first = await it.next();
  expect(first.value).toEqual({ task: 'broken:sleeve', result: { success: false, terminalOutput: '[broken] apps/broken/sleeve.json: invalid JSON: x\n' } });
  const engine = engines[0];
  expect(engine.calls.map((c) => c.spec.name)).toEqual(['alpha']);
  engine.calls[0].resolve('oom');
  expect((await it.next()).value.task).toBe('alpha:sleeve');
  expect((await it.next()).value).toEqual({
    task: 'meta:sleeve',
    result: { success: false, terminalOutput: '[meta] not run: dependency alpha:sleeve did not succeed\n' },
  });
  expect(engine.calls).toHaveLength(1);
});

test("an invalid task's dependents are not run, transitively, each naming its own dependency; the engine sees none", async () => {
  const g = graph({ broken: [], meta: ['broken'], top: ['meta'] });
  const opts = { ...inputs('meta', 'top'), 'broken:sleeve': { profile: 'broken', configError: 'apps/broken/sleeve.json: invalid JSON: x' } };
  const it = sleeveBatchExecutor(g, opts as never, {} as never, context());
  const got = [(await it.next()).value, (await it.next()).value, (await it.next()).value];
  expect(got.map((r) => [r.task, r.result.success])).toEqual([
    ['broken:sleeve', false],
    ['meta:sleeve', false],
    ['top:sleeve', false],
  ]);
  expect(got[1].result.terminalOutput).toBe('[meta] not run: dependency broken:sleeve did not succeed\n');
  expect(got[2].result.terminalOutput).toBe('[top] not run: dependency meta:sleeve did not succeed\n');
  expect((await it.next()).done).toBe(true);
  expect(engines[0].calls).toHaveLength(0);
  expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toMatch(/top\s+skipped/);
});

test('a run id whose folder Nx did not declare fails instead of caching the wrong folder', async () => {
  process.env.TV_RUN_ID = 'nightly';
  try {
    const it = sleeveBatchExecutor(graph({ alpha: [] }), inputs('alpha'), {} as never, context());
    const r = await it.next();
    expect(r.value.result.success).toBe(false);
    expect(r.value.result.terminalOutput).toContain('makes this task write dist/sleeves/alpha/nightly, but Nx declared its outputs as dist/sleeves/alpha/dev');
    expect(engines[0].calls).toHaveLength(0);
  } finally {
    delete process.env.TV_RUN_ID;
  }
});

test.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s cancels the engine and reports every unfinished task cancelled', async (signal, code) => {
  const exit = jest.fn();
  const realExit = afterSignal.exit;
  afterSignal.exit = exit;
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const listenersBefore = process.listenerCount(signal);
  try {
    const it = sleeveBatchExecutor(graph({ alpha: [], meta: ['alpha'] }), inputs('alpha', 'meta'), {} as never, context());
    const first = it.next();
    await tick();
    process.emit(signal);
    const results = [(await first).value, (await it.next()).value].sort((a, b) => a.task.localeCompare(b.task));
    expect(results.map((r) => [r.task, r.result.success])).toEqual([
      ['alpha:sleeve', false],
      ['meta:sleeve', false],
    ]);
    expect(results[0].result.terminalOutput).toBe('[alpha] cancelled\n');
    expect(results[1].result.terminalOutput).toBe(`[meta] cancelled (${signal}) before it started\n`);
    expect(engines[0].cancelled).toEqual([`${signal} received`]);
    expect((await it.next()).done).toBe(true);
    expect(process.listenerCount(signal)).toBe(listenersBefore); // handlers removed
    jest.advanceTimersByTime(600);
    expect(exit).toHaveBeenCalledWith(code);
  } finally {
    jest.useRealTimers();
    afterSignal.exit = realExit;
  }
});

test("a task whose own environment (its dotenv files) differs from the batch's fails instead of running as something else", async () => {
  const { taskEnvLoader } = await import('./task-env');
  const realLoad = taskEnvLoader.load;
  taskEnvLoader.load = (t) => (t.target.project === 'alpha' ? { ...process.env, TV_RISK__ENGINE: 'risk_parity', SECRET_TOKEN: 'x' } : { ...process.env });
  try {
    const it = sleeveBatchExecutor(graph({ alpha: [], beta: [] }), inputs('alpha', 'beta'), {} as never, context());
    const first = await it.next();
    expect(first.value.task).toBe('alpha:sleeve');
    expect(first.value.result.success).toBe(false);
    expect(first.value.result.terminalOutput).toContain('set TV_RISK__ENGINE differently from the batch');
    expect(first.value.result.terminalOutput).not.toContain('SECRET_TOKEN'); // a variable the sleeve never sees
    expect(first.value.result.terminalOutput).not.toContain('risk_parity'); // names, never values
    expect(engines[0].calls.map((c) => c.spec.name)).toEqual(['beta']);
    engines[0].calls[0].resolve('success');
    expect((await it.next()).value.result.success).toBe(true);
  } finally {
    taskEnvLoader.load = realLoad;
  }
});
