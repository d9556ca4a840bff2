/**
 * Pilot mode of the slurm backend against the real single-node cluster (tools/slurm/start.sh): the compiled
 * engine is spawned through engine/__fixtures__/run-engine.js, as in slurm.int.spec.ts. No timed assertions.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SleeveSpec } from '../../types';
import { isAlive } from '../../../process/process-table';
import { describeSlurm, slurmJobNames } from './__fixtures__/slurm-env';
import { byName, FIXTURES as FIX, fixtureSpec, fixtureWorkspace, readyPid, runEngine, sandboxesLeft, waitFor } from '../../__fixtures__/drive-engine';

jest.setTimeout(120_000);

const DIST = path.resolve(__dirname, '../../../../dist/worker/slurm-pilot.js');
const PILOT = (extra: object = {}) => ({
  backend: 'slurm',
  slurm: { pollMs: 100, mode: 'pilot', pilots: 1, pilotCpus: 2, pilotMemoryMb: 1024, ...extra },
});

/** Pilot jobs (any engine's) and sleeve jobs of this test run that Slurm still lists as pending or running. */
function liveJobs(): string[] {
  return slurmJobNames().filter((j) => j.startsWith('nxs-pilot-') || j.endsWith(`-${runId}`));
}

let root: string;
let lake: string;
let runId: string;
let n = 0;
const spec = (profile: string, fixture: string, extra: Partial<SleeveSpec> = {}): SleeveSpec => fixtureSpec({ root, lake, runId, n }, profile, fixture, extra);
const sleevesDir = () => path.join(root, 'tmp', 'sleeves');
const leftovers = () => sandboxesLeft(root);

describeSlurm('slurm backend, pilot mode (real cluster)', () => {
  beforeAll(() => {
    if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build)`);
    ({ root, lake } = fixtureWorkspace('nxs-pilot-', { 'NASDAQ_AAPL_1d.parquet': 'aapl-bytes' }));
    runId = `p${process.pid}`;
  });
  beforeEach(() => n++);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('sleeves run in one pilot job: zips equal to the local backend, no job and no queue folder left', async () => {
    const specs = [spec('one', 'ok.js'), spec('two', 'ok.js'), spec('three', 'ok.js')];
    const pilot = await runEngine({ engine: PILOT(), specs });
    const local = await runEngine({
      engine: { backend: 'local', cpus: 2, memoryMb: 1024 },
      specs: [{ ...specs[0], outputPath: `${specs[0].outputPath}-local` }],
    });
    const r = byName(pilot);
    for (const x of pilot.results) expect(x).toMatchObject({ status: 'success' });
    expect(fs.readFileSync(r.one.zipPath).equals(fs.readFileSync(local.results[0].zipPath))).toBe(true);
    expect(pilot.lines).toContainEqual(['two', 'hello two']);
    expect(pilot.leftover).toEqual([]);
    expect(liveJobs()).toEqual([]);
    expect(leftovers()).toEqual([]); // sandboxes and the .pilots-* queue folder
  });

  test('Buffer OOM by the pilot’s RSS watchdog, endless loop → timeout, exit 3 → crashed, heap OOM', async () => {
    const out = await runEngine({
      engine: PILOT(),
      specs: [spec('buffers', 'buffer-hog.js'), spec('loop', 'endless.js', { timeoutMs: 1500 }), spec('exit3', 'exit3.js'), spec('heap', 'heap-hog.js')],
    });
    const r = byName(out);
    expect(r.buffers.status).toBe('oom');
    expect(r.buffers.error).toMatch(/^sleeve buffers exceeded its memory limit of 128 MB \(peak \d+ MB\)$/);
    expect(r.loop).toMatchObject({ status: 'timeout', error: 'sleeve loop timed out after 1.5 s' });
    expect(r.exit3).toMatchObject({ status: 'crashed', error: 'sleeve exit3 crashed: exit code 3' });
    expect(r.heap.status).toBe('oom');
    expect(liveJobs()).toEqual([]);
  });

  test('cancelAll with one sleeve running and one queued: both cancelled, no output, no job, no sandbox', async () => {
    const out = await runEngine({
      engine: PILOT({ pilotCpus: 1 }),
      cancelOnLine: 'ready',
      specs: [spec('waiter', 'wait.js'), spec('queued', 'wait.js')],
    });
    for (const x of out.results) {
      expect(x.status).toBe('cancelled');
      expect(fs.existsSync(x.outputPath)).toBe(false);
    }
    expect(liveJobs()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  test('a pilot ended by Slurm (scancel from outside) ends its sleeve as crashed, then the engine goes on', async () => {
    const ready = path.join(root, `ready-${n}`);
    const run = runEngine({ engine: PILOT(), specs: [spec('victim', 'wait.js', { maxRetries: 0, options: { readyFile: ready } })] });
    const worker = await readyPid(ready, 60_000);
    const pilots = execFileSync('squeue', ['-h', '-o', '%i %j'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(' nxs-pilot-'))
      .map((l) => l.split(' ')[0]);
    expect(pilots).toHaveLength(1);
    execFileSync('scancel', pilots);
    const out = await run;
    expect(out.results[0].status).toBe('crashed');
    expect(out.results[0].error).toMatch(/^sleeve victim crashed: its Slurm pilot job \d+ was stopped by Slurm \(SIGTERM/);
    expect(isAlive(worker)).toBe(false);
    expect(liveJobs()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  test('a running pilot is not asked about with squeue while its alive count moves; one killed -9 ends its sleeve as crashed', async () => {
    // squeue through a wrapper that logs each call (the engine finds squeue on its PATH)
    const bin = path.join(root, `bin-${n}`);
    const calls = path.join(root, `squeue-calls-${n}`);
    fs.mkdirSync(bin);
    const real = execFileSync('sh', ['-c', 'command -v squeue'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(bin, 'squeue'), `#!/bin/sh\necho x >> '${calls}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const ready = path.join(root, `ready-${n}`);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const run = runEngine({ engine: PILOT(), specs: [spec('watched', 'wait.js', { maxRetries: 0, options: { readyFile: ready } })] }, env);
    await readyPid(ready, 60_000);
    const count = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').length - 1 : 0);
    const before = count();
    await new Promise((r) => setTimeout(r, 3000)); // 30 polls at pollMs 100 without the alive count
    expect(count() - before).toBeLessThanOrEqual(2);
    // SIGKILL: the pilot writes nothing more, its alive count stops; squeue then shows its job ended
    const pilot = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .find((p) => {
        try {
          const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return cmd.includes('slurm-pilot.js') && cmd.includes(root);
        } catch {
          return false;
        }
      });
    expect(pilot).toBeDefined();
    process.kill(Number(pilot), 'SIGKILL');
    const out = await run;
    expect(out.results[0].status).toBe('crashed');
    expect(out.results[0].error).toMatch(/^sleeve watched crashed: its Slurm pilot job \d+ ended \(/);
    expect(count() - before).toBeGreaterThan(0);
    expect(liveJobs()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  test('a sleeve larger than a pilot fails with one line naming the settings', async () => {
    const out = await runEngine({ engine: PILOT(), specs: [spec('big', 'ok.js', { memoryMb: 2048 })] });
    expect(out.results[0]).toMatchObject({
      status: 'failed',
      error: 'sleeve big: slurm backend (pilot mode): needs 1 cpu(s) and 2048 MB, a pilot has 2 and 1024 MB (raise slurm.pilotCpus / slurm.pilotMemoryMb)',
    });
  });

  test('if the engine process dies, its pilot ends by itself and kills its sleeve (stale heartbeat)', async () => {
    const ready = path.join(root, `ready-${n}`);
    const env = { ...process.env, NX_SLEEVES_SLURM_HEARTBEAT_STALE_MS: '3000' };
    const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'], env });
    child.stdin!.end(JSON.stringify({ engine: PILOT(), specs: [spec('orphan', 'spin.js', { options: { readyFile: ready } })] }));
    const worker = await readyPid(ready, 60_000);
    expect(liveJobs()).toHaveLength(1);
    child.kill('SIGKILL');
    await waitFor(() => liveJobs().length === 0 && !isAlive(worker), 'the orphaned pilot to end', 60_000, 100);
    fs.rmSync(sleevesDir(), { recursive: true, force: true }); // nobody was left to remove it (documented)
  });
});
