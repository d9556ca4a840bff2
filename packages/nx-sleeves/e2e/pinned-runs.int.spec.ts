/**
 * End to end, real Nx runs: a meta-portfolio entry pinned to another run id (`{ project: "alpha", runId: "Q4" }`)
 * reads dist/sleeves/alpha/Q4/, which is no output of the tasks the meta depends on. Its cache key must still cover
 * those bytes: recomputing (or deleting) the pinned run makes the meta rerun instead of replaying a stale result.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createWorkspace, git, hitsAndMisses, nx, REPO_ROOT, sleeveJson } from './fixture';

jest.setTimeout(180_000);

let root: string;
let cacheDir: string;
const clean = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
const run = (args: string[]) => {
  const r = nx(root, args, { cacheDir });
  return { ...r, output: clean(`${r.stdout}\n${r.stderr}`) };
};
const ok = (args: string[]) => {
  const r = run(args);
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.output}`);
  return r;
};
const zipSha = (profile: string, runId: string) =>
  (JSON.parse(readFileSync(join(root, 'dist/sleeves', profile, runId, 'result.json'), 'utf8')) as { zip: { sha256: string } }).zip.sha256;
/** What the fixture meta pipeline recorded about its inputs (inside its zip). */
const metaInputs = () => {
  const files = unzipSync(readFileSync(join(root, 'dist/sleeves/pinned/dev/artifacts.zip')));
  return JSON.parse(Buffer.from(files['artifacts/data/inputs.json']).toString('utf8')) as { id: string; runId: string; zip: string }[];
};

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/index.js'))) {
    throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
  }
  root = mkdtempSync(join(tmpdir(), 'nxs-e2e-pinned-'));
  cacheDir = join(root, '.nx-test-cache');
  createWorkspace(root);
  writeFileSync(
    join(root, 'apps/meta/meta-portfolio.json'),
    `${JSON.stringify({
      name: 'pinned',
      sleeves: [
        { id: 'a', project: 'alpha', runId: 'Q4' },
        { id: 'b', project: 'beta' },
      ],
      allocation: { engine: 'equal_weight', minWeight: 0, maxWeight: 1 },
    })}\n`,
  );
  writeFileSync(join(root, '.git/info/exclude'), '/.nx-test-cache/\n');
  git(root, ['commit', '-q', '-am', 'meta pinned to alpha run Q4']);
});

afterAll(() => {
  if (root && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(root, { recursive: true, force: true });
});

test('the pinned run is part of the meta key: recomputed or missing, the meta reruns', () => {
  ok(['run', 'alpha:sleeve', '--runId=Q4']);
  ok(['run', 'pinned:sleeve']);
  expect(hitsAndMisses(cacheDir).misses).toContain('pinned:sleeve');
  expect(metaInputs().find((i) => i.id === 'a')).toMatchObject({ runId: 'Q4', zip: zipSha('alpha', 'Q4') });

  // Nothing changed: all hits (the new input does not make the meta miss needlessly).
  ok(['run', 'pinned:sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ['alpha:sleeve', 'beta:sleeve', 'pinned:sleeve'], misses: [] });

  // The pinned run is recomputed with another profile; alpha's own (dev) run and its profile end up unchanged.
  const before = zipSha('alpha', 'Q4');
  writeFileSync(join(root, 'apps/alpha/sleeve.json'), sleeveJson('alpha', 'risk_parity'));
  ok(['run', 'alpha:sleeve', '--runId=Q4']);
  git(root, ['checkout', '--', 'apps/alpha/sleeve.json']);
  expect(zipSha('alpha', 'Q4')).not.toBe(before);
  ok(['run', 'pinned:sleeve']);
  expect(hitsAndMisses(cacheDir)).toEqual({ hits: ['alpha:sleeve', 'beta:sleeve'], misses: ['pinned:sleeve'] });
  expect(metaInputs().find((i) => i.id === 'a')).toMatchObject({ runId: 'Q4', zip: zipSha('alpha', 'Q4') });

  // The pinned run is gone: no cache hit pretending the meta still succeeds.
  rmSync(join(root, 'dist/sleeves/alpha/Q4'), { recursive: true });
  const missing = run(['run', 'pinned:sleeve']);
  expect(missing.status).not.toBe(0);
  expect(missing.output).toContain('no result at dist/sleeves/alpha/Q4/result.json');
  expect(hitsAndMisses(cacheDir).misses).toContain('pinned:sleeve');
});
