/**
 * End to end: a real-shaped platform manifest (src/generators/import-manifest/__fixtures__/platform-manifest.json)
 * imported into a fresh workspace; `nx run-many -t sleeve` then runs every imported sleeve and meta-portfolio to
 * success with the real engine and production pipeline on the built-in synthetic market, except the meta pinned to
 * runs that do not exist yet, which fails with one line giving the command that produces each.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBareWorkspace, requireBuilt } from './bare-workspace';
import { nx } from './fixture';

const MANIFEST = path.join(__dirname, '..', 'src/generators/import-manifest/__fixtures__/platform-manifest.json');

jest.setTimeout(600_000);

describe('importing a real platform manifest', () => {
  let root: string;
  let cacheDir: string;
  const run = (args: string[]) => {
    const r = nx(root, args, { cacheDir, env: { NX_SLEEVES_MEMORY_MB: '6144' }, timeoutMs: 400_000 });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  const ok = (args: string[]) => {
    const r = run(args);
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.out}`);
    return r.out;
  };
  const result = (project: string, runId = 'dev') => {
    const file = path.join(root, 'dist/sleeves', project, runId, 'result.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf-8')) as { status: string; error?: string }) : undefined;
  };

  beforeAll(() => {
    requireBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-platform-'));
    cacheDir = path.join(root, '.nx-test-cache');
    createBareWorkspace(root, 'platform-e2e');
    ok(['g', 'nx-sleeves:init', '--keepExistingVersions']);
  });
  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let imported: string[] = [];
  it('imports it, refusing with their reason the profiles that would not run', () => {
    const out = ok(['g', 'nx-sleeves:import-manifest', '--manifest', MANIFEST, '--directory', 'apps/team']);
    expect(out).toContain(
      'nx-sleeves: profile bybit_spot_trend NOT imported (it would not run): apps/team/bybit_spot_trend/sleeve.json: universe.exchanges: unknown exchange "BYBIT"',
    );
    expect(out).toMatch(/universe\.market us_equity, crypto: from the manifest defaults/);
    const state = JSON.parse(fs.readFileSync(path.join(root, 'apps/team/nx-sleeves-import.json'), 'utf-8'));
    imported = Object.keys(state.imports[MANIFEST].projects).sort();
    expect(imported).toEqual(
      expect.arrayContaining([
        'binance_spot_rating_all_long',
        'binance_spot_rating_all_short',
        'bond_carry',
        'canary',
        'crypto_rating_all',
        'institutional_etf',
        'meta_benchmark',
        'meta_benchmark_fresh',
        'meta_fractal',
        'meta_production',
        'meta_single',
        'production_2026_q1',
      ]),
    );
    expect(imported).not.toContain('bybit_spot_trend');
  });

  it('run-many runs every imported sleeve and meta; the pinned meta fails with the commands producing its runs', () => {
    const r = run(['run-many', '-t', 'sleeve']);
    expect(r.status).not.toBe(0); // meta_benchmark's pinned runs do not exist yet
    for (const p of imported.filter((x) => x !== 'meta_benchmark')) {
      const res = result(p);
      expect({ p, status: res?.status, error: res?.error }).toEqual({ p, status: 'success', error: undefined });
    }
    const message = r.out.split('\n').find((l) => l.includes('apps/team/meta_benchmark/meta-portfolio.json: 2 input run(s) missing'));
    expect(message).toContain('(produce it with: npx nx run binance_spot_rating_all_long:sleeve --runId=final_v2_long)');
    expect(message).toContain('(produce it with: npx nx run binance_spot_rating_all_short:sleeve --runId=final_v2_short)');
  });
});
