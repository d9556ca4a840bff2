/**
 * End to end, with real processes: a fresh Nx workspace in a temp folder gets the plugin with
 * `nx g nx-sleeves:init`, a sleeve from `nx g nx-sleeves:sleeve` and a Python manifest (two levels of
 * meta-portfolios) from `nx g nx-sleeves:import-manifest`; the projects appear in the graph with the
 * meta edges, and `nx run-many -t sleeve` runs all of them with the real engine and production pipeline
 * against a small generated lakehouse.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { git, linkNodeModules, nx, REPO_ROOT } from '../../e2e/fixture';

const PIPELINE_DIST = path.join(REPO_ROOT, 'libs/pipeline/dist');
const PLUGIN_DIST = path.join(REPO_ROOT, 'packages/nx-sleeves/dist/generators/sleeve/generator.js');
const SMALL_MANIFEST = path.join(__dirname, '__fixtures__/small-manifest.json');

function requireBuilt(): void {
  for (const f of [PLUGIN_DIST, path.join(PIPELINE_DIST, 'index.js'), path.join(PIPELINE_DIST, 'lakehouse/index.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` (npm test does) before this test`);
  }
}

/** A workspace that has Nx and the pipeline package but not the plugin registered yet (what `nx add` starts from). */
function createBareWorkspace(root: string): void {
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('package.json', `${JSON.stringify({ name: 'gen-e2e', private: true }, null, 2)}\n`);
  write('nx.json', `${JSON.stringify({ defaultBase: 'main', plugins: [] }, null, 2)}\n`);
  write('.gitignore', 'node_modules\n');
  // The pipeline as a workspace package (npm workspaces style): its code is this repository's build.
  write('libs/pipeline/package.json', `${JSON.stringify({ name: '@nx-sleeves/pipeline', version: '0.0.0', main: 'dist/index.js' })}\n`);
  write('libs/pipeline/project.json', `${JSON.stringify({ name: 'pipeline' })}\n`);
  fs.symlinkSync(PIPELINE_DIST, path.join(root, 'libs/pipeline/dist'));
  fs.symlinkSync(path.join(REPO_ROOT, 'libs/pipeline/schema'), path.join(root, 'libs/pipeline/schema'));
  linkNodeModules(root);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools/market-data/generate.js'), '--out', 'data/lakehouse', '--scale', 'small'], {
    cwd: root,
    stdio: 'pipe',
  });
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'bare workspace']);
}

describe('generators in a real workspace', () => {
  let root: string;
  let cacheDir: string;
  const run = (args: string[]) => {
    // the engine's budget must hold one sleeve at its default 3072 MB limit (admission accounting only)
    const r = nx(root, args, { cacheDir, env: { NX_SLEEVES_MEMORY_MB: '6144' } });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  const ok = (args: string[]) => {
    const r = run(args);
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.out}`);
    return r.out;
  };

  beforeAll(() => {
    requireBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-gen-'));
    cacheDir = path.join(root, '.nx-test-cache');
    createBareWorkspace(root);
  });
  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('init registers the plugin and ignores the generated folders', () => {
    ok(['g', 'nx-sleeves:init']);
    const nxJson = JSON.parse(fs.readFileSync(path.join(root, 'nx.json'), 'utf-8'));
    expect(nxJson.plugins).toEqual(['nx-sleeves']);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf-8').split('\n'))
      .toEqual(expect.arrayContaining(['/data/lakehouse/', '/dist/', '/tmp/']));
  });

  it('sleeve scaffolds a sleeve.json, and checks named symbols against the real lakehouse catalog', () => {
    const out = ok(['g', 'nx-sleeves:sleeve', 'us_mom', '--market', 'us_equity', '--engine', 'hrp']);
    expect(out).toContain('nx-sleeves: created apps/us_mom/sleeve.json');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'apps/us_mom/sleeve.json'), 'utf-8')))
      .toMatchObject({ name: 'us_mom', universe: { market: 'us_equity' }, risk: { engine: 'hrp' } });

    const bad = run(['g', 'nx-sleeves:sleeve', 'coins', '--market', 'crypto', '--symbols', 'BINANCE_BTCUSDT,BINANCE_NOPEUSDT']);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain('--symbols: expected a symbol of the lakehouse (data/lakehouse/catalog.json), got "BINANCE_NOPEUSDT"');
    expect(fs.existsSync(path.join(root, 'apps/coins'))).toBe(false);
  });

  it('import-manifest creates the projects and prints what it could not map, per profile', () => {
    const out = ok(['g', 'nx-sleeves:import-manifest', '--manifest', SMALL_MANIFEST, '--directory', 'apps/py']);
    expect(out).toContain('3 sleeve project(s) and 2 meta-portfolio project(s) under apps/py/');
    expect(out).toMatch(/profile crypto_majors: 2 field\(s\) not mapped:\n\s+- features\.rsi_period=14\n\s+- risk\.engine="max_sharpe"/);
    expect(out).toMatch(/profile etf_bonds: .*\n(.*\n)*\s+- backtest\.profiles="barbell": no such risk engine here/);
  });

  it('the generated projects are in the graph, the meta-portfolios depend on their sleeves', () => {
    ok(['graph', '--file=graph.json']);
    const graph = JSON.parse(fs.readFileSync(path.join(root, 'graph.json'), 'utf-8')).graph;
    const projects = Object.keys(graph.nodes);
    expect(projects).toEqual(expect.arrayContaining(['us_mom', 'us_core', 'crypto_majors', 'etf_bonds', 'meta_branch', 'meta_root']));
    expect(projects).not.toContain('core'); // an alias gets no project of its own
    const deps = (p: string) => (graph.dependencies[p] ?? []).map((d: { target: string }) => d.target).sort();
    expect(deps('meta_root')).toEqual(expect.arrayContaining(['meta_branch', 'us_core']));
    expect(deps('meta_branch')).toEqual(expect.arrayContaining(['crypto_majors', 'etf_bonds']));
  });

  it('nx run-many -t sleeve runs the generated sleeve and every imported project successfully', () => {
    const out = ok(['run-many', '-t', 'sleeve']);
    for (const p of ['us_mom', 'us_core', 'crypto_majors', 'etf_bonds', 'meta_branch', 'meta_root']) {
      const resultFile = path.join(root, 'dist/sleeves', p, 'dev', 'result.json');
      expect({ p, exists: fs.existsSync(resultFile) }).toEqual({ p, exists: true });
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf-8'));
      expect({ p, status: result.status, error: result.error }).toEqual({ p, status: 'success', error: undefined });
    }
    expect(out).toContain('dist/sleeves/meta_root/dev/tearsheet.html');
  });
});
