/**
 * End to end, with real Nx runs in a temporary git workspace (see fixture.ts): batch runs, cache hits and misses
 * by profile field / run id / lakehouse / TV_* overrides, task-level `nx affected`, failures not cached.
 * Scenarios share one workspace and run in order (each Nx run costs seconds).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { affectedTasks, createWorkspace, hitsAndMisses, nx, REPO_ROOT, sleeveJson } from './fixture';

jest.setTimeout(120_000);

const ALL = ['alpha:sleeve', 'beta:sleeve', 'meta:sleeve'];
let root: string;
let cacheDir: string;

const run = (args: string[], env?: NodeJS.ProcessEnv) => {
  const r = nx(root, args, { cacheDir, env });
  // eslint-disable-next-line no-control-regex
  return { ...r, output: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
};
const ok = (args: string[], env?: NodeJS.ProcessEnv) => {
  const r = run(args, env);
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.output}`);
  return r;
};
const zip = (profile: string, runId = 'dev') => readFileSync(join(root, 'dist/sleeves', profile, runId, 'artifacts.zip'));
const result = (profile: string, runId = 'dev') =>
  JSON.parse(readFileSync(join(root, 'dist/sleeves', profile, runId, 'result.json'), 'utf8')) as Record<string, unknown>;
const edit = (rel: string, text: string) => writeFileSync(join(root, rel), text);
const restore = () => {
  for (const f of ['apps/alpha/sleeve.json', 'apps/beta/sleeve.json', 'libs/pipeline/src/version.js', 'README.md']) {
    writeFileSync(join(root, f), readFileSync(join(root, '.orig', f.replace(/\//g, '__'))));
  }
};

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/index.js'))) {
    throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
  }
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-cache-'));
  cacheDir = join(root, '.nx-test-cache');
  createWorkspace(root);
  // Pristine copies for restore() (kept out of git's view by living in an ignored folder name).
  const orig = join(root, '.orig');
  mkdirSync(orig);
  for (const f of ['apps/alpha/sleeve.json', 'apps/beta/sleeve.json', 'libs/pipeline/src/version.js', 'README.md']) {
    writeFileSync(join(orig, f.replace(/\//g, '__')), readFileSync(join(root, f)));
  }
  writeFileSync(join(root, '.git/info/exclude'), '/.orig/\n/.nx-test-cache/\n');
});

// Every scenario starts from the committed files, even when the one before failed half-way.
afterEach(() => restore());

afterAll(() => {
  if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
});

test('run-many runs both sleeves and the meta-portfolio in one batch and writes zip + result.json', () => {
  const r = ok(['run-many', '-t', 'sleeve']);
  expect(r.output).toMatch(/Running 3 tasks with nx-sleeves:sleeve/); // Nx batch mode, one engine
  expect(r.output).toMatch(/sleeve\s+status\s+duration\s+peak memory\s+zip size/); // the batch's summary table
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: ALL });
  for (const p of ['alpha', 'beta', 'meta']) {
    expect(zip(p).subarray(0, 2).toString()).toBe('PK');
    expect(result(p)).toMatchObject({ profile: p, runId: 'dev', status: 'success' });
  }
  // The meta pipeline got the exact sleeve outputs from the executor.
  const metaZip = zip('meta').toString('latin1');
  expect(metaZip).toContain('artifacts/data/inputs.json');
  expect(existsSync(join(root, 'dist/sleeves/alpha/dev/tearsheet.html'))).toBe(true);
});

test('a second run is all cache hits and restores byte-identical zips after dist/ is deleted', () => {
  const before = { alpha: zip('alpha'), beta: zip('beta'), meta: zip('meta') };
  rmSync(join(root, 'dist'), { recursive: true });
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ALL, misses: [] });
  expect(zip('alpha').equals(before.alpha)).toBe(true);
  expect(zip('beta').equals(before.beta)).toBe(true);
  expect(zip('meta').equals(before.meta)).toBe(true);
});

test('a description-only edit is a cache hit', () => {
  // (`nx affected` still selects alpha: Nx counts any change of a createNodes file as a project configuration
  // change. Its run is then a cache hit, as here.)
  edit('apps/alpha/sleeve.json', sleeveJson('alpha', 'hrp', 'a new description'));
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ALL, misses: [] });
});

test('a risk-engine edit affects and reruns only that sleeve and the meta-portfolio', () => {
  edit('apps/alpha/sleeve.json', sleeveJson('alpha', 'risk_parity'));
  expect(affectedTasks(ok(['affected', '-t', 'sleeve', '--explain']).output)).toEqual(['alpha:sleeve', 'meta:sleeve']);
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ['beta:sleeve'], misses: ['alpha:sleeve', 'meta:sleeve'] });
  expect(zip('alpha').toString('latin1')).toContain('artifacts/data/profile.json');
});

test('affected: a pipeline library edit selects every sleeve, a README edit selects none', () => {
  edit('libs/pipeline/src/version.js', 'module.exports = 2;\n');
  expect(affectedTasks(ok(['affected', '-t', 'sleeve', '--explain']).output)).toEqual(ALL);
  restore();
  edit('README.md', '# fixture, edited\n');
  expect(affectedTasks(ok(['affected', '-t', 'sleeve', '--explain']).output)).toEqual([]);
});

test('--runId=B recomputes into its own folder; the default run id again is a hit and leaves B alone', () => {
  ok(['run-many', '-t', 'sleeve', '--runId=B']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: ALL });
  expect(result('alpha', 'B')).toMatchObject({ runId: 'B', status: 'success' });
  const inputs = readFileSync(join(root, 'dist/sleeves/meta/B/result.json'), 'utf8');
  expect(JSON.parse(inputs).status).toBe('success');
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ALL, misses: [] });
  expect(existsSync(join(root, 'dist/sleeves/alpha/B/artifacts.zip'))).toBe(true);
});

test('changing a lakehouse file invalidates the sleeves', () => {
  edit('data/lakehouse/NYSE_AAA_1d.csv', 'date,return\n2024-01-02,0.05\n2024-01-03,-0.02\n');
  ok(['run-many', '-t', 'sleeve']);
  const { misses } = hitsAndMisses(cacheDir);
  expect(misses).toEqual(expect.arrayContaining(['alpha:sleeve', 'beta:sleeve']));
});

test('a TV_* override is part of the key; a failed sleeve is reported and never cached', () => {
  const env = { TV_RISK__ENGINE: 'explode' };
  const first = run(['run-many', '-t', 'sleeve'], env);
  expect(first.status).not.toBe(0);
  expect(first.output).toContain('risk engine "explode" blew up');
  expect(hitsAndMisses(cacheDir).misses).toEqual(expect.arrayContaining(['alpha:sleeve', 'beta:sleeve']));
  expect(result('alpha').status).toBe('failed');
  // Again, one sleeve, without batching: it runs again (nothing was cached for the failure).
  const second = run(['run', 'alpha:sleeve', '--no-batch'], env);
  expect(second.status).not.toBe(0);
  expect(second.output).not.toMatch(/with nx-sleeves:sleeve/);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: [], misses: ['alpha:sleeve'] });
});
