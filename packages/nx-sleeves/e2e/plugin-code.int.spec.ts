/**
 * End to end, real Nx runs: the plugin's own compiled code (engine, worker, zip export, executor) is part of every
 * sleeve's cache key, so a workspace that develops the plugin (its package.json version unchanged) does not replay
 * results computed by older code; code that never runs a sleeve (generators) does not invalidate anything. The same
 * for the compiled @nx-sleeves/contracts the plugin runs (its version does not move either while it is developed).
 * The workspace uses a private copy of the plugin, so editing it cannot disturb other tests.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, hitsAndMisses, nx, REPO_ROOT } from './fixture';

jest.setTimeout(180_000);

const ALL = ['alpha:sleeve', 'beta:sleeve', 'meta:sleeve'];
let base: string;
let root: string;
let plugin: string;
const ok = (args: string[]) => {
  const r = nx(root, args, { cacheDir: join(base, 'nx-cache') });
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
};

beforeAll(() => {
  const source = join(REPO_ROOT, 'packages/nx-sleeves');
  if (!existsSync(join(source, 'dist/index.js'))) {
    throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
  }
  base = mkdtempSync(join(tmpdir(), 'nxs-e2e-plugin-code-'));
  plugin = join(base, 'plugin', 'nx-sleeves');
  for (const f of ['package.json', 'executors.json', 'generators.json', 'dist', 'src']) cpSync(join(source, f), join(plugin, f), { recursive: true });
  mkdirSync(join(plugin, 'node_modules'));
  for (const dep of ['nx', '@nx', 'tinypool', 'archiver']) symlinkSync(join(REPO_ROOT, 'node_modules', dep), join(plugin, 'node_modules', dep));
  // A private copy of the contracts package too (its code runs in every sleeve; the test edits it).
  const contracts = join(REPO_ROOT, 'packages/contracts');
  for (const f of ['package.json', 'dist']) cpSync(join(contracts, f), join(plugin, 'node_modules/@nx-sleeves/contracts', f), { recursive: true });
  root = join(base, 'ws');
  mkdirSync(root);
  createWorkspace(root);
  rmSync(join(root, 'node_modules/nx-sleeves'));
  symlinkSync(plugin, join(root, 'node_modules/nx-sleeves'));
});

afterAll(() => {
  if (base && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(base, { recursive: true, force: true });
});

test('a change in the compiled engine or contracts reruns every sleeve; a generator change reruns nothing', () => {
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(join(base, 'nx-cache'))).toEqual({ hits: [], misses: ALL });

  appendFileSync(join(plugin, 'dist/generators/sleeve/generator.js'), '\n// scaffolding changed\n');
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(join(base, 'nx-cache'))).toEqual({ hits: ALL, misses: [] });

  appendFileSync(join(plugin, 'dist/engine/engine.js'), '\n// engine changed\n');
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(join(base, 'nx-cache'))).toEqual({ hits: [], misses: ALL });

  appendFileSync(join(plugin, 'node_modules/@nx-sleeves/contracts/dist/names.js'), '\n// contracts changed\n');
  ok(['run-many', '-t', 'sleeve']);
  expect(hitsAndMisses(join(base, 'nx-cache'))).toEqual({ hits: [], misses: ALL });
});
