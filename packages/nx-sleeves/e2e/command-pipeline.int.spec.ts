/**
 * End to end: keep the team's own Python pipeline. A manifest imported with --mode command gives sleeves and a meta
 * that run `python3 -m teampipe` / `python3 -m teampipe.meta` through Nx and the engine: success, cache hits on rerun,
 * `nx affected` and cache misses for exactly the sleeves declaring an edited .py file, and a segfault and a memory
 * blow-up of the Python process reported as `crashed` and `oom`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { affectedTasks, createWorkspace, git, hitsAndMisses, nx, REPO_ROOT } from './fixture';
import { TEAM_COMMAND, TEAM_FILES, TEAM_META_COMMAND } from './python-team';

jest.setTimeout(300_000);

const GOOD = ['alpha_trend:sleeve', 'beta_carry:sleeve', 'gamma_value:sleeve', 'meta_core:sleeve'];
let root: string;
let cacheDir: string;
const run = (args: string[]) => {
  const r = nx(root, args, { cacheDir, timeoutMs: 240_000 });
  return { ...r, output: `${r.stdout}\n${r.stderr}` };
};
const ok = (args: string[]) => {
  const r = run(args);
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.output}`);
  return r;
};
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const readJson = (rel: string) => JSON.parse(readFileSync(join(root, rel), 'utf8'));
const result = (p: string) => readJson(`dist/sleeves/${p}/dev/result.json`) as { status: string; error?: string };
const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

beforeAll(() => {
  if (!hasPython) return;
  if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/index.js'))) throw new Error('run `npm run build` before the e2e tests');
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-python-'));
  cacheDir = join(root, '.nx-test-cache');
  createWorkspace(root);
  git(root, ['rm', '-rq', 'apps']); // the fixture's JS sleeves: this workspace holds the team's only
  for (const [rel, text] of Object.entries(TEAM_FILES)) write(rel, text);
  // gamma runs a frozen copy of the pipeline: it declares that copy, not teampipe/
  for (const f of ['__init__.py', '__main__.py', 'signals.py']) write(`teampipe_v1/${f}`, TEAM_FILES[`teampipe/${f}`]);
  writeFileSync(join(root, '.git/info/exclude'), '/.nx-test-cache/\n__pycache__/\n');
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', 'team pipeline']);
});
afterAll(() => {
  if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
});

const maybe = hasPython ? test : test.skip;

maybe("import --mode command writes sleeves and a meta that run the team's commands", () => {
  ok([
    'g',
    'nx-sleeves:import-manifest',
    '--manifest',
    'configs/manifest.json',
    '--directory',
    'apps/team',
    '--mode',
    'command',
    '--command',
    TEAM_COMMAND,
    '--meta-command',
    TEAM_META_COMMAND,
    '--pipeline-inputs',
    'teampipe/**/*.py,configs/**',
  ]);
  const gamma = readJson('apps/team/gamma_value/sleeve.json');
  expect(gamma.command).toEqual([
    'env',
    'PYTHONPATH={workspaceDir}',
    'python3',
    '-m',
    'teampipe',
    '--profile',
    'gamma_value',
    '--run-id',
    '{runId}',
    '--manifest',
    '{workspaceDir}/configs/manifest.json',
    '--out',
    '{artifactsDir}',
  ]);
  expect(readJson('apps/team/alpha_trend/sleeve.json').pipelineInputs).toEqual(['teampipe/**/*.py', 'configs/**']); // kebab-case options work
  // as a user would: gamma runs the frozen copy, the memory probe gets a small limit
  gamma.command[4] = 'teampipe_v1';
  gamma.pipelineInputs = ['teampipe_v1/**/*.py', 'configs/**'];
  write('apps/team/gamma_value/sleeve.json', JSON.stringify(gamma, null, 2));
  const oom = readJson('apps/team/oom_probe/sleeve.json');
  write('apps/team/oom_probe/sleeve.json', JSON.stringify({ ...oom, resources: { memoryMb: 200 } }, null, 2));
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', 'import']);
  expect(readJson('apps/team/meta_core/meta-portfolio.json').sleeves).toEqual([
    { id: 'a', project: 'alpha_trend' },
    { id: 'b', project: 'beta_carry' },
    { id: 'g', project: 'gamma_value' },
  ]);
});

maybe('three sleeves and the meta run the Python pipeline to success, then hit the cache', () => {
  const r = ok(['run-many', '-t', 'sleeve', '-p', 'alpha_trend', 'beta_carry', 'gamma_value', 'meta_core', '--outputStyle=static']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: GOOD });
  expect(r.output).toContain('teampipe signals-1: profile alpha_trend (TV_PROFILE alpha_trend) run dev');
  for (const t of GOOD) expect({ t, ...result(t.split(':')[0]) }).toMatchObject({ t, status: 'success' });
  const zip = readFileSync(join(root, 'dist/sleeves/meta_core/dev/artifacts.zip')).toString('latin1');
  expect(zip).toContain('artifacts/data/meta.json');
  expect(r.output).toContain('meta meta_core: read g (dist/sleeves/gamma_value/dev)');
  ok(['run-many', '-t', 'sleeve', '-p', 'alpha_trend', 'beta_carry', 'gamma_value', 'meta_core']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: GOOD, misses: [] });
});

maybe('editing a .py file selects, and misses, exactly the sleeves that declare it (and the meta reading them)', () => {
  write('teampipe/signals.py', TEAM_FILES['teampipe/signals.py'].replace('signals-1', 'signals-2'));
  const affected = affectedTasks(run(['affected', '-t', 'sleeve', '--base=main', '--explain']).output);
  expect(affected).toEqual(['alpha_trend:sleeve', 'beta_carry:sleeve', 'crash_probe:sleeve', 'meta_core:sleeve', 'oom_probe:sleeve']);
  ok(['run-many', '-t', 'sleeve', '-p', 'alpha_trend', 'beta_carry', 'gamma_value', 'meta_core']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ['gamma_value:sleeve'], misses: ['alpha_trend:sleeve', 'beta_carry:sleeve', 'meta_core:sleeve'] });
  write('teampipe/signals.py', TEAM_FILES['teampipe/signals.py']);
});

maybe('a segfault and a memory blow-up of the Python process are reported as crashed and oom', () => {
  const r = run(['run-many', '-t', 'sleeve', '-p', 'crash_probe', 'oom_probe']);
  expect(r.status).not.toBe(0);
  expect(result('crash_probe')).toMatchObject({ status: 'crashed', error: 'sleeve crash_probe crashed: command "env" was killed by signal SIGSEGV' });
  expect(result('oom_probe')).toMatchObject({
    status: 'oom',
    error: expect.stringMatching(/^sleeve oom_probe exceeded its memory limit of 200 MB \(peak \d+ MB\)$/),
  });
  expect(r.output).toMatch(/crash_probe\s+crashed/);
  expect(r.output).toMatch(/oom_probe\s+oom/);
});
