/**
 * The slurm backend against the real single-node cluster of this machine (tools/slurm/start.sh): the compiled
 * engine is spawned through engine/__fixtures__/run-engine.js, as in engine.int.spec.ts, with backend slurm.
 * No timed assertions.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import type { SleeveSpec } from '../../types';
import { isAlive } from '../../../process/process-table';
import { describeSlurm, slurmJobNames } from './__fixtures__/slurm-env';
import { SLURM_MAIN_FILE } from './slurm-attempt';
import {
  byName,
  FIXTURES as FIX,
  fixtureSpec,
  fixtureWorkspace,
  readyPid,
  type RunOutput,
  runEngine,
  sandboxesLeft,
  waitFor,
} from '../../__fixtures__/drive-engine';

jest.setTimeout(120_000);

const SLURM = { backend: 'slurm', slurm: { pollMs: 100 } };

/** Jobs of this test run Slurm still lists as pending or running. */
function liveJobs(): string[] {
  return slurmJobNames().filter((j) => j.endsWith(`-${runId}`));
}

let root: string;
let lake: string;
let runId: string;
let n = 0;
const spec = (profile: string, fixture: string, extra: Partial<SleeveSpec> = {}): SleeveSpec => fixtureSpec({ root, lake, runId, n }, profile, fixture, extra);
const sandboxes = () => sandboxesLeft(root);

describeSlurm('slurm backend (real cluster)', () => {
  beforeAll(() => {
    if (!fs.existsSync(SLURM_MAIN_FILE)) throw new Error(`${SLURM_MAIN_FILE} is missing: build first (npm run build)`);
    ({ root, lake } = fixtureWorkspace('nxs-slurm-', { 'NASDAQ_AAPL_1d.parquet': 'aapl-bytes' }));
    runId = `t${process.pid}`;
  });
  beforeEach(() => n++);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('success: the same zip bytes as the local backend; env allow-list applied in the job', async () => {
    const env = { ...process.env, AWS_SECRET_ACCESS_KEY: 'top-secret', TV_FOO: 'bar' };
    const specs = [spec('okay', 'ok.js'), spec('envd', 'env-dump.js')];
    const slurm = await runEngine({ engine: SLURM, specs }, env);
    const local = await runEngine(
      { engine: { backend: 'local', cpus: 2, memoryMb: 1024 }, specs: [{ ...specs[0], outputPath: `${specs[0].outputPath}-local` }] },
      env,
    );
    const r = byName(slurm);
    expect(r.okay.status).toBe('success');
    expect(local.results[0].status).toBe('success');
    expect(fs.readFileSync(r.okay.zipPath).equals(fs.readFileSync(local.results[0].zipPath))).toBe(true);
    expect(r.okay.zipSha256).toBe(local.results[0].zipSha256);
    expect(slurm.lines).toContainEqual(['okay', `hello okay`]);
    expect(fs.existsSync(path.join(r.okay.outputPath, 'tearsheet.html'))).toBe(true);

    expect(r.envd.status).toBe('success');
    const dump = JSON.parse(Buffer.from(unzipSync(fs.readFileSync(r.envd.zipPath))['artifacts/env.json']).toString('utf8'));
    expect(dump.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(dump.env.TV_FOO).toBe('bar');
    expect(dump.env.TV_PROFILE).toBe('envd');
    expect(dump.env.OMP_NUM_THREADS).toBe('1');
    expect(Object.keys(dump.env).filter((k) => k.startsWith('SLURM_'))).toEqual([]);
    expect(dump.env).toEqual(dump.ctxEnv);
    expect(sandboxes()).toEqual([]);
  });

  test('heap OOM, Buffer OOM (OverMemoryKill), endless loop → timeout, exit 3 → crashed', async () => {
    const out = await runEngine({
      engine: SLURM,
      specs: [spec('heap', 'heap-hog.js'), spec('buffers', 'buffer-hog.js'), spec('loop', 'endless.js', { timeoutMs: 1500 }), spec('exit3', 'exit3.js')],
    });
    const r = byName(out);
    expect(r.heap.status).toBe('oom');
    expect(r.heap.error).toMatch(/^sleeve heap exceeded its memory limit of 128 MB \(JavaScript heap out of memory/);
    expect(r.buffers.status).toBe('oom');
    expect(r.buffers.error).toMatch(/^sleeve buffers exceeded its memory limit of 128 MB \(Slurm job \d+ killed by Slurm; peak \d+ MB\)$/);
    expect(r.buffers.peakRssMb).toBeGreaterThan(128);
    expect(r.loop).toMatchObject({ status: 'timeout', error: 'sleeve loop timed out after 1.5 s' });
    expect(r.exit3).toMatchObject({ status: 'crashed', error: 'sleeve exit3 crashed: exit code 3' });
    for (const x of out.results) expect(fs.existsSync(x.zipPath)).toBe(true); // failures are exported for debugging
    expect(liveJobs()).toEqual([]);
  });

  test("a command's orphaned grandchild is killed with its job", async () => {
    const pidDir = fs.mkdtempSync(path.join(root, 'gc-'));
    const out = await runEngine({
      engine: SLURM,
      specs: [{ ...spec('cmd', 'noop.js', { timeoutMs: 2000 }), pipeline: undefined, command: [path.join(FIX, 'spawn-grandchild.sh'), pidDir] }],
    });
    expect(out.results[0].status).toBe('timeout');
    const gc = Number(fs.readFileSync(path.join(pidDir, 'grandchild.pid'), 'utf8'));
    expect(gc).toBeGreaterThan(0);
    expect(isAlive(gc)).toBe(false);
    expect(liveJobs()).toEqual([]);
  });

  test('cancelAll: scancel leaves no job, no output, no sandbox', async () => {
    const out = await runEngine({ engine: SLURM, cancelOnLine: 'ready', specs: [spec('waiter', 'wait.js'), spec('queued', 'wait.js')] });
    for (const x of out.results) {
      expect(x.status).toBe('cancelled');
      expect(fs.existsSync(x.outputPath)).toBe(false);
    }
    expect(liveJobs()).toEqual([]);
    expect(sandboxes()).toEqual([]);
  });

  test('SIGTERM to the engine process (the executor cancels on it): scancel, nothing left', async () => {
    const ready = path.join(root, `ready-${n}`);
    const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout!.on('data', (c) => (stdout += c));
    const exited = new Promise((r) => child.on('exit', r));
    child.stdin!.end(
      JSON.stringify({ engine: SLURM, cancelOnSignal: 'SIGTERM', specs: [spec('term', 'wait.js', { maxRetries: 2, options: { readyFile: ready } })] }),
    );
    await readyPid(ready, 60_000);
    child.kill('SIGTERM');
    await exited;
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as RunOutput;
    expect(out.results[0]).toMatchObject({ status: 'cancelled', attempts: 1, error: 'sleeve term was cancelled: SIGTERM' });
    expect(fs.existsSync(out.results[0].outputPath)).toBe(false);
    expect(isAlive(Number(fs.readFileSync(ready, 'utf8')))).toBe(false);
    expect(liveJobs()).toEqual([]);
  });

  test('if the engine process dies, its job ends by itself (stale heartbeat)', async () => {
    const ready = path.join(root, `ready-${n}`);
    const env = { ...process.env, NX_SLEEVES_SLURM_HEARTBEAT_STALE_MS: '3000' };
    const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'], env });
    child.stdin!.end(JSON.stringify({ engine: SLURM, specs: [spec('orphan', 'spin.js', { options: { readyFile: ready } })] }));
    const worker = await readyPid(ready, 60_000);
    expect(liveJobs()).toEqual([`orphan-${runId}`]);
    child.kill('SIGKILL');
    await waitFor(() => liveJobs().length === 0 && !isAlive(worker), 'the orphaned job to end', 60_000, 100);
    // Nobody was left to remove its sandbox (documented); later tests check for leftovers.
    for (const d of sandboxes()) fs.rmSync(path.join(root, 'tmp', 'sleeves', d), { recursive: true, force: true });
  });

  test('a job pending past pendingTimeoutMs → timeout with Slurm’s reason; maxInFlight holds the rest back', async () => {
    // tools/slurm/write-config.sh defines the partition nxs-down: it queues jobs and never starts them.
    const out = await runEngine({
      engine: { backend: 'slurm', slurm: { pollMs: 100, pendingTimeoutMs: 1500, partition: 'nxs-down', maxInFlight: 1 } },
      specs: [spec('late', 'ok.js'), spec('later', 'ok.js')],
    });
    const r = byName(out);
    for (const x of [r.late, r.later]) {
      expect(x.status).toBe('timeout');
      expect(x.error).toMatch(new RegExp(`^sleeve ${x.name} was still pending in Slurm after 1.5 s \\(Slurm job \\d+, reason: PartitionDown\\)$`));
    }
    const events = out.statuses.map(([name, ev]) => `${name}:${ev}`);
    expect(events).toContain('late:released');
    expect(events.indexOf('later:started')).toBeGreaterThan(events.indexOf('late:released'));
    expect(liveJobs()).toEqual([]);
  });

  test('unreachable controller: every sleeve fails with one line naming the backend and sbatch', async () => {
    const conf = path.join(root, 'unreachable.conf');
    const real = fs.readFileSync(process.env.SLURM_CONF ?? '/etc/slurm/slurm.conf', 'utf8');
    fs.writeFileSync(conf, real.replace(/^SlurmctldPort=.*$/m, '').replace(/^SlurmctldHost=.*$/m, 'SlurmctldHost=localhost(127.0.0.1)\nSlurmctldPort=6899'));
    const out = await runEngine(
      { engine: SLURM, specs: [spec('u1', 'ok.js'), spec('u2', 'ok.js'), spec('u3', 'ok.js')] },
      { ...process.env, SLURM_CONF: conf },
    );
    for (const x of out.results) {
      expect(x.status).toBe('failed');
      expect(x.error).toMatch(new RegExp(`^sleeve ${x.name}: slurm backend: \`sbatch --parsable\` failed: .*Unable to contact slurm controller`));
      expect(x.error).not.toMatch(/\n/);
    }
    expect(sandboxes()).toEqual([]);
  });

  test('sbatch missing: fails at once naming the backend and the command', async () => {
    const out = await runEngine({ engine: SLURM, specs: [spec('nobin', 'ok.js')] }, { ...process.env, PATH: '/nonexistent' });
    expect(out.results[0]).toMatchObject({
      status: 'failed',
      error: 'sleeve nobin: slurm backend: `sbatch` not found on PATH (install the Slurm client commands, or use --backend local)',
    });
  });
});
