/**
 * Unit tests of the engine's wiring with tinypool and archiver mocked (both are ESM-only and cannot load
 * in Jest's CJS loader). Real processes are covered by engine.int.spec.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkerOutcome, WorkerTask } from '../worker/protocol';
import { SleeveComputeEngine } from './engine';
import { WORKER_EXPORT, WORKER_FILE } from './pool';
import type { SleeveResult, SleeveSpec } from './types';

type Run = (task: WorkerTask) => Promise<WorkerOutcome>;
let mockRun: Run;
const mockPools: Array<{ opts: Record<string, unknown>; run: jest.Mock; on: jest.Mock; destroy: jest.Mock; threads: unknown[] }> = [];

jest.mock('tinypool', () => ({
  Tinypool: jest.fn().mockImplementation((opts: Record<string, unknown>) => {
    const pool = {
      opts,
      threads: [],
      run: jest.fn((task: WorkerTask) => mockRun(task)),
      on: jest.fn(),
      destroy: jest.fn(async () => undefined),
    };
    mockPools.push(pool);
    return pool;
  }),
}));

jest.mock('archiver', () => ({
  ZipArchive: class {
    private out?: NodeJS.WritableStream;
    private names: string[] = [];
    pipe(out: NodeJS.WritableStream) {
      this.out = out;
    }
    on() {}
    append(_: unknown, data: { name: string }) {
      this.names.push(data.name);
    }
    async finalize() {
      this.out!.end(JSON.stringify(this.names));
    }
  },
}));

let root: string;
let lake: string;
let pipelineFile: string;
beforeEach(() => {
  mockPools.length = 0;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-engine-unit-'));
  lake = path.join(root, 'lake');
  fs.mkdirSync(lake);
  fs.writeFileSync(path.join(lake, 'X_Y_1d.parquet'), 'x');
  pipelineFile = path.join(root, 'pipeline.js');
  fs.writeFileSync(pipelineFile, 'exports.run = async () => {};');
  mockRun = async () => ({ status: 'success', maxRssMb: 12 });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function spec(profile: string, extra: Partial<SleeveSpec> = {}): SleeveSpec {
  return {
    profile,
    runId: 'r7',
    pipeline: pipelineFile,
    lakehouse: lake,
    outputPath: path.join(root, 'out', profile),
    workspaceRoot: root,
    memoryMb: 512,
    ...extra,
  };
}

const quiet = { onLine: () => undefined };

test('creates its pool once, with child_process runtime, isolated workers, an empty env and the heap flag', async () => {
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, ...quiet });
  await engine.executeSleeves([spec('a'), spec('b')]);
  await engine.executeSleeves([spec('c')]);
  expect(mockPools).toHaveLength(1);
  expect(mockPools[0].opts).toMatchObject({
    filename: WORKER_FILE,
    name: WORKER_EXPORT,
    runtime: 'child_process',
    isolateWorkers: true,
    minThreads: 1,
    env: {},
    execArgv: ['--max-old-space-size=448'],
  });
  expect(mockPools[0].on).toHaveBeenCalledWith('error', expect.any(Function));
  // A different heap limit needs its own pool (execArgv is per pool); commands need no heap flag.
  await engine.executeSleeves([spec('d', { memoryMb: 1024 }), spec('e', { pipeline: undefined, command: ['true'] })]);
  expect(mockPools.map((p) => p.opts.execArgv)).toEqual([['--max-old-space-size=448'], ['--max-old-space-size=960'], []]);
  // A pool first needed by a lone sleeve keeps no spare worker booted (it would never be used).
  const lone = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, ...quiet });
  await lone.executeSleeves([spec('f')]);
  await lone.shutdown();
  expect(mockPools[3].opts.minThreads).toBe(0);
  await engine.shutdown();
  for (const p of mockPools) expect(p.destroy).toHaveBeenCalledTimes(1);
});

test('dispatches one task per sleeve with profile, runId, env and a prepared sandbox', async () => {
  const seen: Array<{ task: WorkerTask; dirs: boolean[] }> = [];
  mockRun = async (task) => {
    const d = path.join(task.sandboxDir, 'data');
    seen.push({ task, dirs: ['artifacts', 'logs'].map((x) => fs.statSync(path.join(d, x)).isDirectory()) });
    fs.writeFileSync(path.join(d, 'artifacts', 'w.txt'), task.profile);
    return { status: 'success', maxRssMb: 12 };
  };
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, ...quiet });
  const results = await engine.executeSleeves([spec('p1', { cpus: 2, options: { k: 1 } }), spec('p2')]);
  await engine.shutdown();
  expect(mockPools[0].run).toHaveBeenCalledTimes(2);
  const byProfile = Object.fromEntries(seen.map((s) => [s.task.profile, s]));
  expect(byProfile.p1.task).toMatchObject({ profile: 'p1', runId: 'r7', pipeline: pipelineFile, lakehouse: lake, cpus: 2, options: { k: 1 } });
  expect(byProfile.p1.task.env).toMatchObject({ TV_PROFILE: 'p1', TV_RUN_ID: 'r7', OMP_NUM_THREADS: '2' });
  expect(byProfile.p1.task.sandboxDir.startsWith(path.join(root, 'tmp', 'sleeves', 'p1-r7-'))).toBe(true);
  expect(byProfile.p1.dirs).toEqual([true, true]);
  expect(byProfile.p2.task.sandboxDir).not.toBe(byProfile.p1.task.sandboxDir);
  expect(results.map((r) => [r.name, r.status, r.peakRssMb])).toEqual([
    ['p1', 'success', 12],
    ['p2', 'success', 12],
  ]);
  expect(results[0].files.map((f) => f.path)).toEqual(['artifacts/w.txt', 'logs/sleeve.log']);
  expect(fs.existsSync(results[0].resultPath)).toBe(true);
  expect(fs.existsSync(byProfile.p1.task.sandboxDir)).toBe(false);
});

test('admission: a third 1-cpu sleeve waits until one of two running ones ends its processes (released)', async () => {
  const release: Array<() => void> = [];
  mockRun = (task) =>
    new Promise((resolve) => release.push(() => resolve({ status: task.profile === 'bad' ? 'failed' : 'success', error: 'nope', maxRssMb: 1 })));
  const events: string[] = [];
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, ...quiet, onStatus: (s, e) => events.push(`${s}:${e}`) });
  const all = engine.executeSleeves([spec('s1'), spec('bad'), spec('s3')]);
  await new Promise((r) => setImmediate(r));
  expect(mockPools[0].run).toHaveBeenCalledTimes(2);
  release.shift()!();
  while (mockPools[0].run.mock.calls.length < 3) await new Promise((r) => setTimeout(r, 5));
  release.splice(0).forEach((f) => f());
  const results = await all;
  await engine.shutdown();
  expect(results.map((r) => r.status)).toEqual(['success', 'failed', 'success']);
  expect(results[1].error).toBe('sleeve bad failed: nope');
  expect(events.slice(0, 5)).toEqual(['s1:queued', 'bad:queued', 's3:queued', 's1:started', 'bad:started']);
  expect(events).toContain('s1:released');
  expect(events.indexOf('s3:started')).toBeGreaterThan(events.indexOf('s1:released')); // its processes ended; export follows
});

test('a sleeve asking more than the whole budget fails at once without a worker', async () => {
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 1024, ...quiet });
  const [r] = await engine.executeSleeves([spec('huge', { cpus: 3 })]);
  await engine.shutdown();
  expect(r).toMatchObject({ status: 'failed', attempts: 0, error: "sleeve huge asks for 3 cpus, more than the engine's whole budget of 2 cpus" });
  expect(mockPools).toHaveLength(0);
});

test('a shut-down engine refuses new work with a clear error', async () => {
  const engine = new SleeveComputeEngine({ cpus: 1, memoryMb: 1024, ...quiet });
  await engine.shutdown();
  await expect(engine.executeSleeves([spec('x')])).rejects.toThrow('the engine is shut down');
});

test('rejects a bad budget', () => {
  expect(() => new SleeveComputeEngine({ cpus: 0 })).toThrow('SleeveComputeEngine: cpus: invalid value 0; expected a positive number');
});

test('keepSandbox keeps the sandbox for debugging', async () => {
  let sandbox = '';
  mockRun = async (task) => {
    sandbox = task.sandboxDir;
    return { status: 'failed', error: 'x', maxRssMb: 1 };
  };
  const engine = new SleeveComputeEngine({ cpus: 1, memoryMb: 1024, ...quiet });
  const [r] = await engine.executeSleeves([spec('keep', { keepSandbox: true })]);
  await engine.shutdown();
  expect(r.status).toBe('failed');
  expect(fs.existsSync(path.join(sandbox, 'data', 'logs', 'sleeve.log'))).toBe(true);
  expect(JSON.parse(fs.readFileSync(r.resultPath, 'utf8'))).toMatchObject({ status: 'failed', error: 'sleeve keep failed: x', attempts: 1 });
});

test('a missing lakehouse or pipeline fails at once, naming the option', async () => {
  const engine = new SleeveComputeEngine({ cpus: 1, memoryMb: 1024, ...quiet });
  const [a, b] = await engine.executeSleeves([
    spec('nolake', { lakehouse: path.join(root, 'nope') }),
    spec('nopipe', { pipeline: path.join(root, 'nope.js') }),
  ]);
  await engine.shutdown();
  expect(a).toMatchObject({
    status: 'failed',
    attempts: 0,
    error: `sleeve "nolake": lakehouse: invalid value "${path.join(root, 'nope')}"; expected an existing directory`,
  });
  expect(b.error).toBe(`sleeve "nopipe": pipeline: invalid value "${path.join(root, 'nope.js')}"; expected an existing JS module file`);
  expect(mockPools).toHaveLength(0);
});

test('log lines reach onLine and terminalOutput; a throwing onLine does not break the run', async () => {
  mockRun = async (task) => {
    fs.appendFileSync(path.join(task.sandboxDir, 'data', 'logs', 'sleeve.log'), 'first\nsecond\n');
    return { status: 'success', maxRssMb: 1 };
  };
  const seen: string[] = [];
  const engine = new SleeveComputeEngine({
    cpus: 1,
    memoryMb: 1024,
    onLine: (s, l) => {
      seen.push(`${s}|${l}`);
      throw new Error('broken sink');
    },
  });
  const [r] = await engine.executeSleeves([spec('talk', { name: 'talker' })]);
  await engine.shutdown();
  expect(r.status).toBe('success');
  expect(seen).toEqual(['talker|first', 'talker|second']);
  expect(r.logTail).toEqual(['first', 'second']);
  expect(r.terminalOutput).toMatch(/^\[talker\] first\n\[talker\] second\n\[talker\] success in \d+\.\d s \(attempts 1, peak 1 MB\)\n$/);
});

test('retries crashed attempts up to maxRetries, each in a fresh sandbox; a failure is never retried', async () => {
  const sandboxes: string[] = [];
  let calls = 0;
  mockRun = async (task) => {
    sandboxes.push(task.sandboxDir);
    calls++;
    if (task.profile === 'flaky' && calls < 3) throw new Error('Worker exited unexpectedly');
    return task.profile === 'flaky' ? { status: 'success', maxRssMb: 1 } : { status: 'failed', error: 'bad input', maxRssMb: 1 };
  };
  const engine = new SleeveComputeEngine({ cpus: 1, memoryMb: 1024, ...quiet });
  const [flaky] = await engine.executeSleeves([spec('flaky', { maxRetries: 2 })]);
  const [bad] = await engine.executeSleeves([spec('bad', { maxRetries: 2 })]);
  calls = 0;
  const [gaveUp] = await engine.executeSleeves([spec('flaky', { name: 'flaky2', maxRetries: 0 })]);
  await engine.shutdown();
  expect([flaky.status, flaky.attempts]).toEqual(['success', 3]);
  expect(new Set(sandboxes.slice(0, 3)).size).toBe(3);
  expect(flaky.terminalOutput).toContain('[flaky] attempt 1 ended crashed: sleeve flaky crashed: worker exited unexpectedly; retrying');
  expect([bad.status, bad.attempts, bad.error]).toEqual(['failed', 1, 'sleeve bad failed: bad input']);
  expect([gaveUp.status, gaveUp.attempts, gaveUp.error]).toEqual(['crashed', 1, 'sleeve flaky2 crashed: worker exited unexpectedly']);
  expect(JSON.parse(fs.readFileSync(gaveUp.resultPath, 'utf8')).status).toBe('crashed');
});

test('a throwing onStatus neither rejects executeSleeves nor stalls the queue; results stay in input order', async () => {
  const events: string[] = [];
  const engine = new SleeveComputeEngine({
    cpus: 1,
    memoryMb: 1024,
    ...quiet,
    onStatus: (s, e) => {
      events.push(`${s}:${e}`);
      throw new Error('broken status sink');
    },
  });
  const results = await engine.executeSleeves([spec('q1'), spec('bad/name'), spec('q3')]);
  await engine.shutdown();
  expect(results.map((r) => [r.name, r.status])).toEqual([
    ['q1', 'success'],
    ['bad/name', 'failed'],
    ['q3', 'success'],
  ]);
  // The second 1-cpu sleeve still started after the first finished (nothing stalled behind the throw).
  expect(events).toEqual(expect.arrayContaining(['q1:started', 'q1:finished', 'q3:started', 'q3:finished']));
});

test('a released sleeve still owns its outputPath while it is exported: a sleeve submitted then for the same folder fails', async () => {
  const shared = path.join(root, 'out', 'exporting');
  let during: Promise<SleeveResult[]> | undefined;
  const engine = new SleeveComputeEngine({
    cpus: 2,
    memoryMb: 4096,
    ...quiet,
    // 'released' comes after the processes ended and before the export: submit the clash right then
    onStatus: (s, e) => {
      if (s === 'first' && e === 'released') during = engine.executeSleeves([spec('second', { outputPath: shared })]);
    },
  });
  const [first] = await engine.executeSleeves([spec('first', { outputPath: shared })]);
  const [second] = await during!;
  await engine.shutdown();
  expect(first.status).toBe('success');
  expect(second).toMatchObject({ status: 'failed', attempts: 0 });
  expect(second.error).toMatch(/expected a folder no other queued or running sleeve writes \(sleeve first writes it\)$/);
  expect(JSON.parse(fs.readFileSync(path.join(shared, 'result.json'), 'utf8')).profile).toBe('first');
});

test('a sleeve whose outputPath another queued or running sleeve writes fails at once; the folder is free again afterwards', async () => {
  const shared = path.join(root, 'out', 'same');
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, ...quiet });
  const results = await engine.executeSleeves([spec('first', { outputPath: shared }), spec('other'), spec('second', { outputPath: shared + '/' })]);
  expect(results.map((r) => [r.name, r.status, r.attempts])).toEqual([
    ['first', 'success', 1],
    ['other', 'success', 1],
    ['second', 'failed', 0],
  ]);
  expect(results[2].error).toBe(
    `sleeve "second": outputPath: invalid value "${shared}/"; expected a folder no other queued or running sleeve writes (sleeve first writes it)`,
  );
  expect(JSON.parse(fs.readFileSync(path.join(shared, 'result.json'), 'utf8')).profile).toBe('first');
  const [again] = await engine.executeSleeves([spec('second', { outputPath: shared })]);
  await engine.shutdown();
  expect(again.status).toBe('success');
  expect(JSON.parse(fs.readFileSync(path.join(shared, 'result.json'), 'utf8')).profile).toBe('second');
});

test('an engine-side error (the pool cannot be created) fails the sleeve and leaves no sandbox behind', async () => {
  const { Tinypool } = jest.requireMock('tinypool') as { Tinypool: jest.Mock };
  Tinypool.mockImplementationOnce(() => {
    throw new Error('cannot load tinypool');
  });
  const engine = new SleeveComputeEngine({ cpus: 1, memoryMb: 1024, ...quiet });
  const [r, next] = await engine.executeSleeves([spec('broken'), spec('fine')]);
  await engine.shutdown();
  expect([r.status, r.error]).toEqual(['failed', 'sleeve broken: engine error: cannot load tinypool']);
  expect(next.status).toBe('success');
  expect(fs.readdirSync(path.join(root, 'tmp', 'sleeves'))).toEqual([]);
});
