/**
 * End to end, real Nx runs: a team's lakehouse lives outside the workspace (a shared mount, here another temp folder
 * whose path has a space). The plugin option `lakehouse` takes its absolute path; Nx inputs cannot glob outside the
 * workspace, so the real fingerprint CLI gets the path on its command line (quoted) and keeps the cache key honest:
 * a rerun hits, a changed file in the outside lakehouse misses.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createWorkspace, git, hitsAndMisses, nx, REPO_ROOT } from './fixture';

jest.setTimeout(180_000);

let root: string;
let outsideRoot: string;
let lakehouse: string;
const cacheDir = () => join(root, '.nx-test-cache');
const run = (args: string[]) => {
  const r = nx(root, args, { cacheDir: cacheDir() });
  return { ...r, output: `${r.stdout}\n${r.stderr}` };
};
const artifact = (name: string) =>
  Buffer.from(unzipSync(readFileSync(join(root, 'dist/sleeves/alpha/dev/artifacts.zip')))[`artifacts/data/${name}`]).toString('utf8');

beforeAll(() => {
  for (const f of ['packages/nx-sleeves/dist/index.js', 'libs/pipeline/dist/lakehouse/fingerprint-cli.js']) {
    if (!existsSync(join(REPO_ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm test does) before the e2e tests`);
  }
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-outside-ws-'));
  outsideRoot = mkdtempSync(join(tmpdir(), 'nxs-e2e-outside-mount-'));
  lakehouse = join(outsideRoot, 'Team Drive', 'lakehouse');
  createWorkspace(root);
  mkdirSync(join(outsideRoot, 'Team Drive'));
  renameSync(join(root, 'data/lakehouse'), lakehouse);
  // The real content fingerprint of this repository instead of the fixture's stand-in.
  writeFileSync(
    join(root, 'libs/pipeline/dist/lakehouse/fingerprint-cli.js'),
    `require(${JSON.stringify(join(REPO_ROOT, 'libs/pipeline/dist/lakehouse/fingerprint-cli.js'))});\n`,
  );
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  nxJson.plugins[0].options.lakehouse = lakehouse;
  writeFileSync(join(root, 'nx.json'), `${JSON.stringify(nxJson, null, 2)}\n`);
  writeFileSync(join(root, '.git/info/exclude'), '/.nx-test-cache/\n');
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'lakehouse on the shared drive']);
});

afterAll(() => {
  if (process.env.NX_SLEEVES_KEEP_E2E) return;
  if (root) rmSync(root, { recursive: true, force: true });
  if (outsideRoot) rmSync(outsideRoot, { recursive: true, force: true });
});

test('a lakehouse outside the workspace: runs, hits on rerun, misses when a file there changes', () => {
  const shown = JSON.parse(run(['show', 'project', 'alpha', '--json']).stdout);
  const target = shown.targets.sleeve;
  expect(target.options.lakehouse).toBe(lakehouse);
  expect(target.metadata.lakehouseFingerprinted).toBe(lakehouse);
  // The default lakehouse fingerprint runs inside the env fingerprint command (one runtime input).
  expect(target.inputs).toContainEqual({ runtime: `node node_modules/nx-sleeves/dist/graph/env-fingerprint-cli.js --lakehouse "${lakehouse}"` });

  const first = run(['run', 'alpha:sleeve']);
  expect(first.status).toBe(0);
  expect(hitsAndMisses(cacheDir())).toEqual({ hits: [], misses: ['alpha:sleeve'] });
  expect(JSON.parse(artifact('weights.json'))).toEqual({ NYSE_AAA: 0.5, NYSE_BBB: 0.5 }); // the fixture pipeline read the outside files
  const before = artifact('oos_returns.csv');

  const again = run(['run', 'alpha:sleeve']);
  expect(again.status).toBe(0);
  expect(hitsAndMisses(cacheDir())).toEqual({ hits: ['alpha:sleeve'], misses: [] });

  writeFileSync(join(lakehouse, 'NYSE_AAA_1d.csv'), 'date,return\n2024-01-02,0.07\n2024-01-03,-0.02\n');
  const changed = run(['run', 'alpha:sleeve']);
  expect(changed.status).toBe(0);
  expect(hitsAndMisses(cacheDir())).toEqual({ hits: [], misses: ['alpha:sleeve'] });
  expect(artifact('oos_returns.csv')).not.toBe(before);
  expect(artifact('oos_returns.csv')).toContain('2024-01-02,0.07');
});
