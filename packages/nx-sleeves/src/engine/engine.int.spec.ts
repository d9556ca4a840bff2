/**
 * Real-process tests of the engine: each test spawns `node` on the compiled dist (tinypool and archiver are
 * ESM-only and cannot load in Jest's CJS loader) through __fixtures__/run-engine.js, with real workers,
 * real files and real kills. Memory limits are small (128 MB) to keep them fast. No timed assertions:
 * ordering facts come from files and status events, not from clocks.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import type { SleeveSpec } from './types';
import { isAlive, readProcessTable } from '../process/process-table';
import { byName, FIXTURES as FIX, fixtureSpec, fixtureWorkspace, readyPid, type RunOutput, runEngine, waitFor, written } from './__fixtures__/drive-engine';

jest.setTimeout(60_000);

const DIST = path.resolve(__dirname, '../../dist/engine/index.js');

function readZip(file: string): Record<string, string> {
  const entries = unzipSync(fs.readFileSync(file));
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v).toString('utf8')]));
}

let root: string;
let lake: string;
let n = 0;
const spec = (profile: string, fixture: string, extra: Partial<SleeveSpec> = {}): SleeveSpec =>
  fixtureSpec({ root, lake, runId: 'r1', n }, profile, fixture, extra);

beforeAll(() => {
  if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build, or npx tsc -b packages/nx-sleeves/tsconfig.lib.json)`);
  ({ root, lake } = fixtureWorkspace('nxs-engine-', {
    'BINANCE_BTCUSDT_1d.parquet': 'btc-bytes',
    'NASDAQ_AAPL_1d.parquet': 'aapl-bytes',
    'crypto/BINANCE_ETHUSDT_1d.parquet': 'eth-bytes',
  }));
});
beforeEach(() => n++);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('success: zip + result.json + tearsheet, lakehouse view, prefixed lines, sandbox removed', async () => {
  const out = await runEngine({ engine: { cpus: 2, memoryMb: 1024 }, specs: [spec('alpha', 'ok.js')] });
  const [r] = out.results;
  expect(r.status).toBe('success');
  expect(r.attempts).toBe(1);
  expect(fs.existsSync(r.zipPath)).toBe(true);
  const result = JSON.parse(fs.readFileSync(r.resultPath, 'utf8'));
  expect(result).toMatchObject({
    profile: 'alpha',
    runId: 'r1',
    status: 'success',
    attempts: 1,
    zip: { file: 'artifacts.zip', sha256: r.zipSha256, bytes: r.zipBytes },
  });
  expect(result.files.map((f: { path: string }) => f.path)).toEqual(['artifacts/data/oos_returns.csv', 'artifacts/reports/tearsheet.html', 'logs/sleeve.log']);
  const zip = readZip(r.zipPath);
  expect(Object.keys(zip)).toEqual(result.files.map((f: { path: string }) => f.path)); // sorted, no lakehouse
  expect(zip['logs/sleeve.log']).toContain('hello alpha');
  expect(zip['logs/sleeve.log']).toContain('lakehouse files: BINANCE_BTCUSDT_1d.parquet,NASDAQ_AAPL_1d.parquet,crypto');
  expect(fs.readFileSync(path.join(r.outputPath, 'tearsheet.html'), 'utf8')).toBe('<h1>alpha</h1>\n');
  expect(out.lines).toContainEqual(['alpha', 'hello alpha']);
  expect(r.terminalOutput).toMatch(/^\[alpha\] hello alpha\n/);
  expect(r.terminalOutput).toMatch(/\[alpha\] success in [\d.]+ s/);
  expect(fs.readdirSync(path.join(root, 'tmp', 'sleeves'))).toEqual([]);
  expect(out.leftover).toEqual([]);
});

test('concurrency never exceeds the cpus and memory budget', async () => {
  const rec = fs.mkdtempSync(path.join(root, 'rec-'));
  const specs = [
    ...['c1', 'c2', 'c3', 'c4'].map((p) => spec(p, 'busy.js', { cpus: 1, memoryMb: 128, options: { recordDir: rec, ms: 300 } })),
    // memory-bound: 3 × 200 MB in a 512 MB budget → at most 2 of these together
    ...['m1', 'm2', 'm3'].map((p) => spec(p, 'busy.js', { cpus: 0.5, memoryMb: 200, options: { recordDir: rec, ms: 300 } })),
  ];
  const budget = { cpus: 2, memoryMb: 512 };
  const out = await runEngine({ engine: budget, specs });
  expect(out.results.map((r) => r.status)).toEqual(specs.map(() => 'success'));
  // From the engine's own events: replay started/finished and sum the declared resources.
  const req = Object.fromEntries(specs.map((s) => [s.profile, s]));
  let cpus = 0;
  let mem = 0;
  let maxCpus = 0;
  let maxMem = 0;
  const released = new Set<string>();
  for (const [name, ev] of out.statuses) {
    if (ev === 'released') released.add(name);
    const d = ev === 'started' ? 1 : ev === 'released' || (ev === 'finished' && !released.has(name)) ? -1 : 0;
    cpus += d * req[name].cpus!;
    mem += d * req[name].memoryMb!;
    maxCpus = Math.max(maxCpus, cpus);
    maxMem = Math.max(maxMem, mem);
  }
  expect(maxCpus).toBeLessThanOrEqual(budget.cpus);
  expect(maxMem).toBeLessThanOrEqual(budget.memoryMb);
  // From the sleeves' own start/end files: the same holds for the pipelines' actual run windows.
  const spans = specs.map((s) => ({
    s,
    start: Number(fs.readFileSync(path.join(rec, `${s.profile}.start`), 'utf8')),
    end: Number(fs.readFileSync(path.join(rec, `${s.profile}.end`), 'utf8')),
  }));
  for (const a of spans) {
    const overlapping = spans.filter((b) => b.start <= a.start && b.end > a.start);
    expect(overlapping.reduce((t, b) => t + b.s.cpus!, 0)).toBeLessThanOrEqual(budget.cpus);
    expect(overlapping.reduce((t, b) => t + b.s.memoryMb!, 0)).toBeLessThanOrEqual(budget.memoryMb);
  }
});

test("a sleeve's cpus go back to the budget once its processes end: the next one starts while it is exported", async () => {
  const out = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('first', 'ok.js'), spec('second', 'ok.js')] });
  expect(out.results.map((r) => r.status)).toEqual(['success', 'success']);
  const at = (name: string, ev: string) => out.statuses.findIndex(([n, e]) => n === name && e === ev);
  expect(at('first', 'released')).toBeGreaterThan(at('first', 'started'));
  expect(at('second', 'started')).toBeGreaterThan(at('first', 'released'));
  expect(at('second', 'started')).toBeLessThan(at('first', 'finished')); // before: only after first's export
  for (const r of out.results) expect(fs.existsSync(r.zipPath) && fs.existsSync(r.resultPath)).toBe(true);
});

test('JS-heap hog ends oom while its neighbours succeed; Buffer hog ends oom through the watchdog', async () => {
  const out = await runEngine({
    engine: { cpus: 4, memoryMb: 2048 },
    specs: [
      spec('heap', 'heap-hog.js'),
      spec('buffers', 'buffer-hog.js'),
      spec('n1', 'ok.js'),
      spec('n2', 'ok.js'),
      // an external command's memory counts too (its process group is watched, not just the worker)
      {
        ...spec('cmdhog', 'noop.js'),
        pipeline: undefined,
        command: [process.execPath, '-e', 'const k = []; setInterval(() => k.push(Buffer.alloc(16 * 2 ** 20, 1)), 10)'],
      },
    ],
  });
  const r = byName(out);
  expect(r.heap.status).toBe('oom');
  // V8's own limit (memoryMb − 64) trips first (RSS then ≈ 106 MB < 128): its report, which goes to the
  // worker's raw stderr, lands in the sleeve's log and decides the status.
  expect(r.heap.error).toMatch(/^sleeve heap exceeded its memory limit of 128 MB \(JavaScript heap out of memory; peak \d+ MB\)$/);
  expect(r.heap.logTail).toContain('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
  expect(r.buffers.status).toBe('oom');
  expect(r.buffers.error).toMatch(/^sleeve buffers exceeded its memory limit of 128 MB \(peak \d+ MB\)$/);
  expect(r.buffers.peakRssMb).toBeGreaterThan(128);
  expect(r.n1.status).toBe('success');
  expect(r.n2.status).toBe('success');
  expect(r.cmdhog.status).toBe('oom');
  expect(r.cmdhog.error).toMatch(/^sleeve cmdhog exceeded its memory limit of 128 MB \(peak \d+ MB\)$/);
  // A failed sleeve is exported too (its log is what one debugs with).
  expect(JSON.parse(fs.readFileSync(r.heap.resultPath, 'utf8')).status).toBe('oom');
  expect(out.leftover).toEqual([]);
});

test('endless loop → timeout; process.exit(3) → crashed with the code; throw → failed, never retried', async () => {
  const marker = path.join(root, `throws-${n}.marker`);
  const out = await runEngine({
    engine: { cpus: 3, memoryMb: 2048 },
    specs: [
      spec('loop', 'endless.js', { timeoutMs: 1500 }),
      spec('exit3', 'exit3.js', { maxRetries: 0 }),
      spec('throws', 'throws.js', { maxRetries: 2, options: { marker } }),
    ],
  });
  const r = byName(out);
  expect(r.loop.status).toBe('timeout');
  expect(r.loop.error).toBe('sleeve loop timed out after 1.5 s');
  expect(r.exit3.status).toBe('crashed');
  expect(r.exit3.error).toBe('sleeve exit3 crashed: exit code 3');
  expect(r.exit3.logTail).toContain('exiting with 3');
  expect(r.throws.status).toBe('failed');
  expect(r.throws.error).toBe('sleeve throws failed: bad data in stage select');
  expect(r.throws.attempts).toBe(1);
  expect(fs.readFileSync(marker, 'utf8')).toBe('x');
  expect(out.leftover).toEqual([]);
});

test('on timeout the pipeline sees context.signal abort before it is killed', async () => {
  const out = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('graceful', 'graceful.js', { timeoutMs: 3000 })] });
  const [r] = out.results;
  expect(r.status).toBe('timeout');
  expect(r.logTail).toEqual(['waiting', 'aborted: sleeve cancelled']);
  expect(readZip(r.zipPath)['logs/sleeve.log']).toBe('waiting\naborted: sleeve cancelled\n');
});

test('maxRetries retries a crash', async () => {
  const marker = path.join(root, `crash-once-${n}.marker`);
  const out = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('flaky', 'crash-once.js', { maxRetries: 1, options: { marker } })] });
  const [r] = out.results;
  expect(r.status).toBe('success');
  expect(r.attempts).toBe(2);
  expect(r.terminalOutput).toContain('[flaky] attempt 1 ended crashed: sleeve flaky crashed: exit code 7; retrying');
  expect(readZip(r.zipPath)['logs/sleeve.log']).toBe('second attempt ok\n');
});

test('external command with a grandchild: timeout kills the whole process group', async () => {
  const pidDir = fs.mkdtempSync(path.join(root, 'gc-'));
  const out = await runEngine({
    engine: { cpus: 1, memoryMb: 1024 },
    // 3 s: enough for the command to start on a busy machine (the timeout counts from dispatch)
    specs: [{ ...spec('cmd', 'noop.js', { timeoutMs: 3000 }), pipeline: undefined, command: [path.join(FIX, 'spawn-grandchild.sh'), pidDir] }],
  });
  const [r] = out.results;
  expect(r.status).toBe('timeout');
  expect(r.logTail[0]).toMatch(/^started grandchild \d+$/);
  const gc = Number(fs.readFileSync(path.join(pidDir, 'grandchild.pid'), 'utf8'));
  expect(gc).toBeGreaterThan(0);
  expect(isAlive(gc)).toBe(false);
  expect(out.leftover).toEqual([]);
});

test('external command: placeholders filled, exit code → failed', async () => {
  const out = await runEngine({
    engine: { cpus: 1, memoryMb: 1024 },
    specs: [
      {
        ...spec('argv', 'noop.js'),
        pipeline: undefined,
        command: ['sh', '-c', 'echo "$1 $2" > "$3/argv.txt"; ls "$4"; exit 4', 'sh', '{profile}', '{runId}', '{artifactsDir}', '{lakehouseDir}'],
      },
    ],
  });
  const [r] = out.results;
  expect(r.status).toBe('failed');
  expect(r.error).toBe('sleeve argv failed: command "sh" exited with code 4');
  expect(readZip(r.zipPath)['artifacts/argv.txt']).toBe('argv r1\n');
  expect(r.logTail).toEqual(['BINANCE_BTCUSDT_1d.parquet', 'NASDAQ_AAPL_1d.parquet', 'crypto']);
});

test('env allow-list: secrets stay out, TV_* and thread vars in', async () => {
  const env = { ...process.env, AWS_SECRET_ACCESS_KEY: 'top-secret', TV_FOO: 'bar', MY_SETTING: 'x' };
  const out = await runEngine(
    {
      engine: { cpus: 4, memoryMb: 1024 },
      specs: [spec('envd', 'env-dump.js', { cpus: 3 }), spec('envc', 'env-dump.js', { envAllow: ['MY_*', 'HOME'] })],
    },
    env,
  );
  const r = byName(out);
  const d = JSON.parse(readZip(r.envd.zipPath)['artifacts/env.json']);
  expect(d.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  expect(d.env.HOME).toBeUndefined();
  expect(d.env.TV_FOO).toBe('bar');
  expect(d.env.PATH).toBe(process.env.PATH);
  expect(d.env).toMatchObject({
    TV_PROFILE: 'envd',
    TV_RUN_ID: 'r1',
    OMP_NUM_THREADS: '3',
    OPENBLAS_NUM_THREADS: '3',
    MKL_NUM_THREADS: '3',
    UV_THREADPOOL_SIZE: '3',
  });
  expect(Object.keys(d.env).sort()).toEqual(Object.keys(d.ctxEnv).sort());
  expect(d.cwd).toBe(d.sandbox);
  expect(d.sandbox.startsWith(path.join(root, 'tmp', 'sleeves', 'envd-r1-'))).toBe(true);
  const c = JSON.parse(readZip(r.envc.zipPath)['artifacts/env.json']);
  expect(c.env.MY_SETTING).toBe('x');
  expect(c.env.TV_FOO).toBeUndefined();
  expect(c.env.PATH).toBeUndefined();
  expect(c.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
});

test('two runs give byte-identical zips', async () => {
  const a = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('same', 'ok.js', { outputPath: path.join(root, 'det-a') })] });
  // Let the clock move so any timestamp leaking into the zip would show.
  await new Promise((r) => setTimeout(r, 1100));
  const b = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('same', 'ok.js', { outputPath: path.join(root, 'det-b') })] });
  expect(a.results[0].status).toBe('success');
  expect(b.results[0].zipSha256).toBe(a.results[0].zipSha256);
  expect(fs.readFileSync(b.results[0].zipPath).equals(fs.readFileSync(a.results[0].zipPath))).toBe(true);
});

test('a sleeve cannot delete shared lakehouse files; modifying one in place fails it, naming the file', async () => {
  const before = fs.readdirSync(lake).sort();
  const out = await runEngine({
    engine: { cpus: 2, memoryMb: 1024 },
    specs: [spec('cleaner', 'lakehouse-vandal.js'), spec('tamper', 'lakehouse-vandal.js', { options: { modify: 'NASDAQ_AAPL_1d.parquet' } })],
  });
  const r = byName(out);
  expect(fs.readdirSync(lake).sort()).toEqual(before);
  expect(fs.readFileSync(path.join(lake, 'crypto', 'BINANCE_ETHUSDT_1d.parquet'), 'utf8')).toBe('eth-bytes');
  expect(r.tamper.status).toBe('failed');
  expect(r.tamper.error).toContain('modified NASDAQ_AAPL_1d.parquet');
  // Both ran side by side: the cleaner saw the same tampered file, so it is failed too (its inputs changed).
  expect(['success', 'failed']).toContain(r.cleaner.status);
  fs.writeFileSync(path.join(lake, 'NASDAQ_AAPL_1d.parquet'), 'aapl-bytes');
});

test('cancelAll: running and queued sleeves end cancelled with no partial output', async () => {
  const out = await runEngine({
    engine: { cpus: 1, memoryMb: 1024 },
    cancelOnLine: 'ready',
    specs: [spec('waiting', 'wait.js'), spec('queued', 'ok.js')],
  });
  const r = byName(out);
  expect(r.waiting.status).toBe('cancelled');
  expect(r.waiting.error).toBe('sleeve waiting was cancelled: test cancel');
  expect(r.queued.status).toBe('cancelled');
  expect(r.queued.attempts).toBe(0);
  for (const x of out.results) expect(fs.existsSync(x.outputPath) ? fs.readdirSync(x.outputPath) : []).toEqual([]);
  expect(fs.readdirSync(path.join(root, 'tmp', 'sleeves'))).toEqual([]);
  expect(out.leftover).toEqual([]);
});

test('bad specs fail at once with a one-line error; runSleeves streams results', async () => {
  const out = await runEngine({
    engine: { cpus: 2, memoryMb: 1024 },
    stream: true,
    specs: [spec('../evil', 'ok.js'), spec('big', 'ok.js', { memoryMb: 4096 }), spec('fine', 'ok.js'), { ...spec('none', 'ok.js'), pipeline: undefined }],
  });
  const r = Object.fromEntries(out.results.map((x) => [x.name, x]));
  expect(r['../evil'].error).toMatch(/^sleeve "..\/evil": profile: invalid value "..\/evil"; expected a name matching/);
  expect(r.big.error).toBe("sleeve big asks for 4096 MB of memory, more than the engine's whole budget of 1024 MB");
  expect(r.none.error).toMatch(/pipeline: invalid value undefined; expected a pipeline module path or a command/);
  for (const k of ['../evil', 'big', 'none']) expect([r[k].status, r[k].attempts]).toEqual(['failed', 0]);
  expect(r.fine.status).toBe('success');
  expect(out.results).toHaveLength(4);
});

test('Ctrl-C (SIGINT to the whole process group) with cancelAll → cancelled, not crashed', async () => {
  const ready = path.join(root, `ready-${n}`);
  const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise((r) => child.on('exit', r));
  child.stdin!.end(
    JSON.stringify({
      engine: { cpus: 1, memoryMb: 1024 },
      cancelOnSigint: true,
      specs: [spec('ctrlc', 'wait.js', { maxRetries: 2, options: { readyFile: ready } })],
    }),
  );
  await readyPid(ready);
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  const out = JSON.parse(stdout.trim().split('\n').pop()!) as RunOutput;
  expect(out.results[0]).toMatchObject({ status: 'cancelled', attempts: 1, error: 'sleeve ctrlc was cancelled: SIGINT' });
  expect(fs.existsSync(out.results[0].outputPath)).toBe(false);
  expect(out.leftover).toEqual([]);
});

test('if the engine process dies, its workers and their command groups end too', async () => {
  const ready = path.join(root, `ready-${n}`);
  const pidDir = fs.mkdtempSync(path.join(root, 'orphan-'));
  const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin!.end(
    JSON.stringify({
      engine: { cpus: 2, memoryMb: 1024 },
      specs: [
        spec('orphan', 'wait.js', { options: { readyFile: ready } }),
        { ...spec('orphancmd', 'noop.js'), pipeline: undefined, command: [path.join(FIX, 'spawn-grandchild.sh'), pidDir] },
      ],
    }),
  );
  const gcFile = path.join(pidDir, 'grandchild.pid');
  await waitFor(() => written(ready) && written(gcFile), 'both sleeves to start');
  const worker = Number(fs.readFileSync(ready, 'utf8'));
  const grandchild = Number(fs.readFileSync(gcFile, 'utf8'));
  expect(isAlive(worker) && isAlive(grandchild)).toBe(true);
  child.kill('SIGKILL');
  await waitFor(() => !isAlive(worker) && !isAlive(grandchild), 'the orphaned worker and grandchild to end');
});

test('if the engine process dies, a worker stuck in a synchronous loop ends too', async () => {
  const ready = path.join(root, `ready-${n}`);
  const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin!.end(JSON.stringify({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('spinner', 'spin.js', { options: { readyFile: ready } })] }));
  const worker = await readyPid(ready);
  expect(isAlive(worker)).toBe(true);
  child.kill('SIGKILL');
  try {
    await waitFor(() => !isAlive(worker), 'the orphaned spinning worker to end');
  } finally {
    if (isAlive(worker)) process.kill(worker, 'SIGKILL'); // never leave it spinning on the test machine
  }
});

test("while its engine lives, a worker's orphan guard waits on the engine's end of its stdin, without polling", async () => {
  const ready = path.join(root, `ready-${n}`);
  const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin!.end(JSON.stringify({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('guarded', 'wait.js', { options: { readyFile: ready } })] }));
  const worker = await readyPid(ready);
  try {
    const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const guard = [...readProcessTable().values()].find((p) => p.ppid === worker && cmdline(p.pid).includes('orphan-guard'));
    expect(guard).toBeDefined();
    // The /proc-polling form runs `sleep 1` as the guard's child nearly all the time; the stdin form never.
    const children = new Set<string>();
    for (let i = 0; i < 25; i++) {
      for (const p of readProcessTable().values()) if (p.ppid === guard!.pid) children.add(cmdline(p.pid).join(' ').trim());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...children]).toEqual([]);
    expect(isAlive(guard!.pid)).toBe(true);
    child.kill('SIGKILL');
    await waitFor(() => !isAlive(worker) && !isAlive(guard!.pid), 'the orphaned worker and its guard to end');
  } finally {
    if (isAlive(worker)) process.kill(worker, 'SIGKILL');
    child.kill('SIGKILL');
  }
});

test('a sleeve that removed its own logs folder still ends with its own status, not an engine error', async () => {
  const out = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('tidy', 'logs-vandal.js')] });
  const [r] = out.results;
  expect([r.status, r.error]).toEqual(['failed', 'sleeve tidy failed: gave up after cleaning']);
  expect(r.attempts).toBe(1);
  expect(JSON.parse(fs.readFileSync(r.resultPath, 'utf8')).status).toBe('failed');
  expect(fs.readdirSync(path.join(root, 'tmp', 'sleeves')).filter((d) => d.startsWith('tidy-'))).toEqual([]);
  expect(out.leftover).toEqual([]);
});

test('NX_SLEEVES_TRACE=<file>: one JSON line per sleeve with the engine phases and the worker marks, zip unchanged', async () => {
  const trace = path.join(root, `trace-${n}.jsonl`);
  const plain = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('traced', 'ok.js')] });
  const out = await runEngine({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec('traced', 'ok.js')] }, { ...process.env, NX_SLEEVES_TRACE: trace });
  expect(out.results[0].status).toBe('success');
  expect(out.results[0].zipSha256).toBe(plain.results[0].zipSha256);
  const lines = fs
    .readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ sleeve: 'traced', status: 'success', attempts: 1 });
  expect(Object.keys(lines[0].engineMs).sort()).toEqual(['attempt', 'cleanup', 'export', 'lakehouseCheck', 'sandbox']);
  const w = lines[0].worker;
  expect(w.taskReceived).toBeLessThanOrEqual(w.viewBuilt);
  expect(w.viewBuilt).toBeLessThanOrEqual(w.pipelineLoaded);
  expect(w.pipelineLoaded).toBeLessThanOrEqual(w.pipelineDone);
  expect(w.cpuMs).toBeGreaterThan(0);
});
