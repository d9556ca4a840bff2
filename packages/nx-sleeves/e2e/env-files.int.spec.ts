/**
 * End to end, real Nx runs: a sleeve folder's `.env` (`TV_RISK__ENGINE=risk_parity`) is in that task's cache key
 * (Nx hashes each task with its own dotenv files) but a batch is one process with one environment. The batch must
 * not compute the sleeve without it and cache that under a key that says otherwise; `--no-batch` runs it as keyed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createWorkspace, git, hitsAndMisses, nx, REPO_ROOT } from './fixture';

jest.setTimeout(180_000);

let root: string;
const cacheDir = () => join(root, '.nx-test-cache');
const clean = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
const run = (args: string[]) => {
  const r = nx(root, args, { cacheDir: cacheDir() });
  return { ...r, output: clean(`${r.stdout}\n${r.stderr}`) };
};
const riskOf = (profile: string) =>
  JSON.parse(Buffer.from(unzipSync(readFileSync(join(root, 'dist/sleeves', profile, 'dev/artifacts.zip')))['artifacts/data/profile.json']).toString('utf8'))
    .risk;

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/index.js'))) {
    throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
  }
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-env-files-'));
  createWorkspace(root);
  writeFileSync(join(root, 'apps/alpha/.env'), 'TV_RISK__ENGINE=risk_parity\n');
  writeFileSync(join(root, '.git/info/exclude'), '/.nx-test-cache/\n');
  git(root, ['add', 'apps/alpha/.env']);
  git(root, ['commit', '-q', '-m', 'alpha overrides its risk engine in its .env']);
});

afterAll(() => {
  if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
});

test('a batch never caches a sleeve computed without its own .env; --no-batch computes it as keyed', () => {
  const batch = run(['run-many', '-t', 'sleeve']);
  expect(batch.status).not.toBe(0);
  expect(batch.output).toContain('set TV_RISK__ENGINE differently from the batch');
  expect(batch.output).toContain('--no-batch');
  expect(batch.output).not.toContain('risk_parity'); // names, never values
  expect(riskOf('beta')).toEqual({ engine: 'equal_weight' }); // the other sleeve ran
  expect(existsSync(join(root, 'dist/sleeves/alpha/dev/artifacts.zip'))).toBe(false);

  const single = run(['run', 'alpha:sleeve', '--no-batch']);
  expect(single.status).toBe(0);
  expect(hitsAndMisses(cacheDir())).toEqual({ hits: [], misses: ['alpha:sleeve'] }); // nothing wrong was cached
  expect(riskOf('alpha')).toEqual({ engine: 'risk_parity' });
});
