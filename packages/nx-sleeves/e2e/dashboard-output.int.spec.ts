/**
 * End to end with real Nx runs (fixture workspace, the real plugin and engine, the real dashboard renderer linked
 * in): `--outputStyle=static` prints each sleeve's lines once while Nx still caches them per task; the batch prints
 * the run dashboard's path; the cached `sleeve-dashboard` target restores byte-identical pages; a failed sleeve is
 * on the dashboard with its error and log tail.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, git, hitsAndMisses, nx, REPO_ROOT, sleeveJson } from './fixture';

jest.setTimeout(180_000);

let root: string;
let cacheDir: string;
const run = (args: string[], env?: NodeJS.ProcessEnv) => {
  const r = nx(root, args, { cacheDir, env });
  // eslint-disable-next-line no-control-regex
  return { ...r, output: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
};
const count = (text: string, needle: string) => text.split(needle).length - 1;
const PAGE = 'dist/sleeves/_runs/dev/index.html';

beforeAll(() => {
  const dist = join(REPO_ROOT, 'libs/pipeline/dist/dashboard/index.js');
  if (!existsSync(dist)) throw new Error('libs/pipeline/dist/dashboard is missing: run `npm run build` first');
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-dashboard-'));
  cacheDir = join(root, '.nx-test-cache');
  createWorkspace(root);
  // the fixture's pipeline is a stand-in; the dashboard is the real compiled one
  symlinkSync(join(REPO_ROOT, 'libs/pipeline/dist/dashboard'), join(root, 'libs/pipeline/dist/dashboard'));
  rmSync(join(root, 'data/lakehouse/NYSE_BBB_1d.csv')); // one file: the fixture's oos_returns.csv is then a valid series
  writeFileSync(join(root, '.git/info/exclude'), '/.nx-test-cache/\n');
});
afterAll(() => {
  if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
});

test('static output prints each sleeve line once, and the batch prints the run dashboard', () => {
  const r = run(['run-many', '-t', 'sleeve', '--outputStyle=static']);
  expect(r.status).toBe(0);
  expect(count(r.output, '[alpha] sleeve alpha run dev engine hrp')).toBe(1);
  expect(count(r.output, '[beta] sleeve beta run dev engine equal_weight')).toBe(1);
  expect(count(r.output, '[meta] meta over a,b')).toBe(1);
  expect(r.output).toContain('[alpha] started');
  expect(r.output).toContain(`Run dashboard: ${PAGE}`);
  const html = readFileSync(join(root, PAGE), 'utf8');
  for (const p of ['alpha', 'beta', 'meta']) expect(html).toContain(`<tr data-profile="${p}">`);
  expect(html).toContain('href="../../alpha/dev/tearsheet.html"');

  // what Nx cached per task still holds the lines: a cache hit replays them, once
  const again = run(['run-many', '-t', 'sleeve', '--outputStyle=static']);
  expect(hitsAndMisses(cacheDir).misses).toEqual([]);
  expect(count(again.output, '[alpha] sleeve alpha run dev engine hrp')).toBe(1);
});

test('the sleeve-dashboard target is cached: deleted outputs come back byte-identical', () => {
  const first = run(['run-many', '-t', 'sleeve', 'sleeve-dashboard', '--outputStyle=static']);
  expect(first.status).toBe(0);
  expect(first.output).toContain('nx run sleeves-dashboard:sleeve-dashboard');
  const bytes = readFileSync(join(root, PAGE));
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const second = run(['run-many', '-t', 'sleeve', 'sleeve-dashboard', '--outputStyle=static']);
  expect(second.status).toBe(0);
  const { hits, misses } = hitsAndMisses(cacheDir);
  expect(misses).toEqual([]);
  expect(hits).toContain('sleeves-dashboard:sleeve-dashboard');
  expect(second.output).toContain(`Run dashboard: ${PAGE}`); // the cached terminal output
  expect(readFileSync(join(root, PAGE)).equals(bytes)).toBe(true);
});

test('NX_SLEEVES_COMPARE adds the comparison, and the outputs of the compared run are in the cache key of the dashboard', () => {
  expect(run(['run-many', '-t', 'sleeve', '--runId=B']).status).toBe(0);
  const env = { NX_SLEEVES_COMPARE: 'B' };
  const first = run(['run-many', '-t', 'sleeve', 'sleeve-dashboard'], env);
  expect(first.status).toBe(0);
  expect(hitsAndMisses(cacheDir).misses).toEqual(['sleeves-dashboard:sleeve-dashboard']); // the env is in the key
  expect(readFileSync(join(root, PAGE), 'utf8')).toContain('Changes since run B');
  // the compared run changes (a folder gone): the dashboard is recomputed, not a stale hit
  rmSync(join(root, 'dist/sleeves/beta/B'), { recursive: true });
  expect(run(['run-many', '-t', 'sleeve', 'sleeve-dashboard'], env).status).toBe(0);
  expect(hitsAndMisses(cacheDir).misses).toEqual(['sleeves-dashboard:sleeve-dashboard']);
  expect(readFileSync(join(root, PAGE), 'utf8')).toMatch(/<tr data-profile="beta"><td[^>]*>beta<\/td><td[^>]*>new in this run</);
});

test('a failed sleeve is on the dashboard the batch writes, with its error and log tail', () => {
  if (!existsSync(join(root, 'dist/sleeves/meta/dev/result.json'))) expect(run(['run-many', '-t', 'sleeve']).status).toBe(0);
  writeFileSync(join(root, 'apps/beta/sleeve.json'), sleeveJson('beta', 'explode'));
  try {
    const r = run(['run-many', '-t', 'sleeve', '--outputStyle=static']);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`Run dashboard: ${PAGE}`);
    const html = readFileSync(join(root, PAGE), 'utf8');
    expect(html).toMatch(
      /<section class="failure" data-profile="beta"><h3>[^]*?<\/h3><p class="err">[^<]*risk engine &quot;explode&quot; blew up[^<]*<\/p><pre>[^<]+<\/pre>/,
    );
    expect(html).toContain('<tr data-profile="alpha">');
    // the meta did not run (its dependency failed): shown so, not with the earlier run's result still on disk
    expect(existsSync(join(root, 'dist/sleeves/meta/dev/result.json'))).toBe(true);
    expect(html).toMatch(
      /<section class="failure" data-profile="meta"><h3>meta <span class="st st-other">not run<\/span><\/h3><p class="err">not run: dependency beta:sleeve did not succeed<\/p>/,
    );
  } finally {
    git(root, ['checkout', 'apps/beta/sleeve.json']);
  }
});
