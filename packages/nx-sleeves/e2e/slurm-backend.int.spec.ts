/**
 * A real Nx run on the real single-node Slurm cluster (tools/slurm/start.sh): `nx run-many -t sleeve --backend
 * slurm` in the fixture workspace runs every sleeve as a Slurm job, a rerun hits the cache, a local run gives
 * byte-identical zips, and a backend chosen through NX_SLEEVES_BACKEND is not part of the task hash; in pilot mode
 * (nx.json slurm.mode "pilot") the sleeves run inside a pilot job, not as jobs of their own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSlurm } from '../src/engine/backends/slurm/__fixtures__/slurm-env';
import { createWorkspace, hitsAndMisses, nx, REPO_ROOT } from './fixture';

jest.setTimeout(180_000);

const ALL = ['alpha:sleeve', 'beta:sleeve', 'meta:sleeve'];
let root: string;
let cacheDir: string;

const ok = (args: string[], env?: NodeJS.ProcessEnv) => {
  const r = nx(root, args, { cacheDir, env });
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
};
const zips = (runId: string) => ['alpha', 'beta', 'meta'].map((p) => readFileSync(join(root, 'dist/sleeves', p, runId, 'artifacts.zip')));
/** Names of the jobs Slurm knows (finished ones stay listed for MinJobAge). */
const jobNames = (all: boolean) => execFileSync('squeue', ['-h', ...(all ? ['-t', 'all'] : []), '-o', '%j'], { encoding: 'utf8' }).split('\n');

describeSlurm('nx run-many --backend slurm (real Nx, real cluster)', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/worker/slurm-main.js'))) {
      throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
    }
    root = mkdtempSync(join(tmpdir(), 'nxs-e2e-slurm-'));
    cacheDir = join(root, '.nx-test-cache');
    createWorkspace(root);
  });
  afterAll(() => {
    if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
  });

  test('all succeed as Slurm jobs, rerun all hits, zips equal to the local backend', () => {
    const runId = `s${process.pid}`;
    ok(['run-many', '-t', 'sleeve', '--backend', 'slurm', `--runId=${runId}`]);
    expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: ALL });
    for (const p of ['alpha', 'beta', 'meta']) {
      expect(JSON.parse(readFileSync(join(root, 'dist/sleeves', p, runId, 'result.json'), 'utf8')).status).toBe('success');
      expect(jobNames(true)).toContain(`${p}-${runId}`); // it really ran as a job
    }
    expect(jobNames(false).filter((j) => j.endsWith(runId))).toEqual([]);
    const onSlurm = zips(runId);

    ok(['run-many', '-t', 'sleeve', '--backend', 'slurm', `--runId=${runId}`]);
    expect(hitsAndMisses(cacheDir)).toEqual({ hits: ALL, misses: [] });

    ok(['run-many', '-t', 'sleeve', '--backend', 'local', `--runId=${runId}`, '--skip-nx-cache']);
    expect(zips(runId)).toEqual(onSlurm);
  });

  test('a backend chosen by NX_SLEEVES_BACKEND is not in the task hash', () => {
    const runId = `e${process.pid}`;
    ok(['run-many', '-t', 'sleeve', `--runId=${runId}`], { NX_SLEEVES_BACKEND: 'slurm' });
    expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: ALL });
    expect(jobNames(true)).toContain(`alpha-${runId}`);
    ok(['run-many', '-t', 'sleeve', `--runId=${runId}`], { NX_SLEEVES_BACKEND: 'local' });
    expect(hitsAndMisses(cacheDir)).toEqual({ hits: ALL, misses: [] });
  });

  test('pilot mode from nx.json: sleeves run inside a pilot job, zips equal to the local backend, no job left', () => {
    const runId = `p${process.pid}`;
    const nxJsonFile = join(root, 'nx.json');
    const original = readFileSync(nxJsonFile, 'utf8');
    const nxJson = JSON.parse(original);
    nxJson.plugins[0].options.slurm = { mode: 'pilot', pilotCpus: 2, pilotMemoryMb: 2048, pollMs: 100 };
    writeFileSync(nxJsonFile, JSON.stringify(nxJson, null, 2));
    try {
      const before = new Set(jobNames(true).filter((j) => j.startsWith('nxs-pilot-')));
      ok(['run-many', '-t', 'sleeve', `--runId=${runId}`, '--skip-nx-cache'], { NX_SLEEVES_BACKEND: 'slurm' });
      for (const p of ['alpha', 'beta', 'meta']) {
        expect(JSON.parse(readFileSync(join(root, 'dist/sleeves', p, runId, 'result.json'), 'utf8')).status).toBe('success');
      }
      const names = jobNames(true);
      expect(names.filter((j) => j.startsWith('nxs-pilot-') && !before.has(j)).length).toBeGreaterThan(0);
      expect(names.filter((j) => j.endsWith(runId))).toEqual([]); // no job of its own per sleeve
      expect(jobNames(false).filter((j) => j.startsWith('nxs-pilot-'))).toEqual([]);
      const inPilot = zips(runId);
      ok(['run-many', '-t', 'sleeve', '--backend', 'local', `--runId=${runId}`, '--skip-nx-cache']);
      expect(zips(runId)).toEqual(inPilot);
    } finally {
      writeFileSync(nxJsonFile, original);
    }
  });
});
