/**
 * What a user installs: `npm pack` the three packages (contracts, pipeline, plugin), then in fresh workspaces outside this repository (nx from the
 * registry, no create-nx-workspace) `nx add nx-sleeves@file:<tarball>`, `nx g nx-sleeves:sleeve`, `nx run-many -t
 * sleeve` with the real engine and pipeline, and a rerun that is all cache hits. Once with npm, once with pnpm.
 *
 * nx-sleeves declares `@nx-sleeves/pipeline` as a peer dependency, and both depend on `@nx-sleeves/contracts`, which
 * npm/pnpm would fetch from the registry (where a local build is not): the npm journey installs the contracts and
 * pipeline tarballs first; the pnpm one maps both with `overrides` entries, so `init` itself adds and installs the
 * pipeline (what happens with a published release).
 * Needs the npm registry (or a warm cache: npm runs with prefer-offline on the user's npm cache, also inside
 * `nx add`; pnpm and its store are kept in <tmpdir>/nx-sleeves-pack-e2e for the next run).
 * NX_SLEEVES_SKIP_PACK_E2E=1 skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixture';

const NX_VERSION = '24.0.6';
/** pnpm 12's engines field asks for Node >= 18 (checked with `npm view pnpm@12.23.0 engines`). */
const PNPM_VERSION = '12.23.0';
const SHARED = join(tmpdir(), 'nx-sleeves-pack-e2e');
const skip = process.env.NX_SLEEVES_SKIP_PACK_E2E === '1';
const d = skip ? describe.skip : describe;
if (skip) console.warn('pack e2e skipped (NX_SLEEVES_SKIP_PACK_E2E=1)');

jest.setTimeout(600_000);

/** The environment of a user's shell: none of `npm test`'s npm_* variables (they point npm at this repository). */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|NX_|TV_|INIT_CWD$|JEST_|PNPM_)/i.test(k)) env[k] = v;
  }
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_ISOLATE_PLUGINS: 'false',
    // for every npm (and pnpm) that runs, including the one `nx add` starts: reuse the cache, skip audit/fund
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

function sh(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, expectFailure = false): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (expectFailure) {
    if (r.status === 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} succeeded; expected a failure:\n${output.slice(-4000)}`);
    return output;
  }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} failed (${r.status ?? r.signal}):\n${output.slice(-4000)}\n${r.error ?? ''}`);
  return output;
}

interface PackedFile {
  path: string;
}
function pack(dir: string, dest: string): { filename: string; files: string[] } {
  // --ignore-scripts: no prepack rebuild, `npm test` has just built dist/ (the other e2e tests run it too)
  const out = sh(dir, 'npm', ['pack', '--pack-destination', dest, '--json', '--silent', '--ignore-scripts'], userEnv());
  const [info] = JSON.parse(out.slice(out.indexOf('['), out.lastIndexOf(']') + 1)) as { filename: string; files: PackedFile[] }[];
  return { filename: join(dest, info.filename), files: info.files.map((f) => f.path) };
}

function runJson(cacheDir: string): { taskId: string; cacheStatus: string; status: number }[] {
  return (JSON.parse(readFileSync(join(cacheDir, 'run.json'), 'utf8')) as { tasks: { taskId: string; cacheStatus: string; status: number }[] }).tasks;
}

const timings: string[] = [];
function timed<T>(label: string, f: () => T): T {
  const t0 = Date.now();
  try {
    return f();
  } finally {
    timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

d('packages a user installs (npm pack, nx add, generate, run, cache)', () => {
  let base: string;
  let plugin: { filename: string; files: string[] };
  let pipeline: { filename: string; files: string[] };
  let contracts: { filename: string; files: string[] };

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'nx-sleeves-pack-'));
    mkdirSync(join(base, 'tarballs'));
    contracts = timed('npm pack contracts', () => pack(join(REPO_ROOT, 'packages', 'contracts'), join(base, 'tarballs')));
    plugin = timed('npm pack nx-sleeves', () => pack(join(REPO_ROOT, 'packages', 'nx-sleeves'), join(base, 'tarballs')));
    pipeline = timed('npm pack pipeline', () => pack(join(REPO_ROOT, 'libs', 'pipeline'), join(base, 'tarballs')));
  });
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
    console.log(`pack e2e timings: ${timings.join(', ')}`);
  });

  it('tarballs hold the built code, manifests, schemas, README and LICENSE, and no sources, specs, fixtures or tsconfigs', () => {
    for (const { files } of [plugin, pipeline, contracts]) {
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((f) => /(\.spec\.|__fixtures__|(^|\/)e2e\/|tsconfig|tsbuildinfo|\.map$|\.ts$)/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    }
    expect(plugin.files).toEqual(
      expect.arrayContaining([
        'executors.json',
        'generators.json',
        'src/executors/sleeve/schema.json',
        'src/generators/init/schema.json',
        'src/generators/sleeve/schema.json',
        'dist/worker/sleeve-worker.js',
        'dist/graph/lakehouse-fingerprint-cli.js',
      ]),
    );
    expect(pipeline.files).toEqual(
      expect.arrayContaining(['schema/sleeve.schema.json', 'schema/meta-portfolio.schema.json', 'dist/lakehouse/fingerprint-cli.js', 'dist/meta/index.js']),
    );
    expect(contracts.files).toEqual(expect.arrayContaining(['dist/names.js', 'dist/names.d.ts', 'dist/pipeline-context.d.ts']));
    // The contracts have no dependencies; the plugin and the pipeline depend on exactly this version of them.
    const manifest = (dir: string) => JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8'));
    const own = manifest('packages/contracts');
    expect([own.dependencies, own.peerDependencies]).toEqual([undefined, undefined]);
    for (const dir of ['packages/nx-sleeves', 'libs/pipeline']) expect(manifest(dir).dependencies['@nx-sleeves/contracts']).toBe(own.version);
  });

  /** The same user journey with either package manager; `exec` runs a workspace binary. */
  function journey(ws: string, pm: { install: (args: string[]) => void; env: NodeJS.ProcessEnv; preinstallPipeline: boolean }, label: string): void {
    const cacheDir = join(ws, '.nx-cache');
    const env = userEnv({ ...pm.env, NX_CACHE_DIRECTORY: cacheDir });
    const nx = (args: string[], expectFailure = false) => sh(ws, join(ws, 'node_modules', '.bin', 'nx'), args, env, expectFailure);

    // The contracts and the pipeline before nx-sleeves (or overrides): npm/pnpm would otherwise look them up in the
    // registry (the contracts are a dependency of both, the pipeline nx-sleeves's peer).
    const first = pm.preinstallPipeline ? [`nx@${NX_VERSION}`, contracts.filename, pipeline.filename] : [`nx@${NX_VERSION}`];
    timed(`${label} install ${first.length > 1 ? 'nx + contracts and pipeline tarballs' : 'nx'}`, () => pm.install(first));
    timed(`${label} nx add`, () => nx(['add', `nx-sleeves@file:${plugin.filename}`]));

    const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8'));
    const direct = ['@nx-sleeves/pipeline', 'nx', 'nx-sleeves'];
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(pm.preinstallPipeline ? ['@nx-sleeves/contracts', ...direct] : direct);
    // The engine (worker processes) and the pipeline load the contracts package from where they are installed.
    const contractsOf = (from: string) => require.resolve('@nx-sleeves/contracts/package.json', { paths: [realpathSync(join(ws, 'node_modules', from))] });
    const contractsVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'contracts', 'package.json'), 'utf8')).version;
    expect(JSON.parse(readFileSync(contractsOf('nx-sleeves'), 'utf8')).version).toBe(contractsVersion);
    if (!pm.preinstallPipeline) {
      // init added it at the version nx-sleeves declares, and its install task linked it into node_modules/
      const declared = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'nx-sleeves', 'package.json'), 'utf8')).peerDependencies['@nx-sleeves/pipeline'];
      expect(pkg.devDependencies['@nx-sleeves/pipeline']).toBe(declared);
      expect(existsSync(join(ws, 'node_modules', '@nx-sleeves', 'pipeline', 'package.json'))).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(ws, 'nx.json'), 'utf8')).plugins).toEqual([
      { plugin: 'nx-sleeves', options: { lakehouseTarget: 'market-data:lakehouse' } },
    ]);

    timed(`${label} nx g sleeve`, () => nx(['g', 'nx-sleeves:sleeve', 'tech', '--market', 'us_equity', '--engine', 'hrp', '--topN', '5']));
    const profile = JSON.parse(readFileSync(join(ws, 'apps', 'tech', 'sleeve.json'), 'utf8'));
    expect(profile.$schema).toBe('../../node_modules/@nx-sleeves/pipeline/schema/sleeve.schema.json');
    expect(existsSync(join(ws, 'apps', 'tech', profile.$schema))).toBe(true);

    timed(`${label} run-many (cold)`, () => nx(['run-many', '-t', 'sleeve']));
    const result = JSON.parse(readFileSync(join(ws, 'dist', 'sleeves', 'tech', 'dev', 'result.json'), 'utf8'));
    expect(result.status).toBe('success');
    expect(existsSync(join(ws, 'dist', 'sleeves', 'tech', 'dev', 'tearsheet.html'))).toBe(true);
    expect(runJson(cacheDir).map((t) => [t.taskId, t.cacheStatus])).toEqual([
      ['market-data:lakehouse', 'cache-miss'],
      ['tech:sleeve', 'cache-miss'],
    ]);

    rmSync(join(ws, 'dist'), { recursive: true });
    timed(`${label} run-many (cached)`, () => nx(['run-many', '-t', 'sleeve']));
    expect(runJson(cacheDir).map((t) => [t.taskId, t.cacheStatus])).toEqual([
      ['market-data:lakehouse', 'local-cache-hit'],
      ['tech:sleeve', 'local-cache-hit'],
    ]);
    expect(existsSync(join(ws, 'dist', 'sleeves', 'tech', 'dev', 'tearsheet.html'))).toBe(true);
    if (label === 'npm') missingPipeline(ws, nx);
  }

  /** Without the pipeline package, the lakehouse target and the sleeve both say what to install. */
  function missingPipeline(ws: string, nx: (args: string[], expectFailure?: boolean) => string): void {
    const installed = join(ws, 'node_modules', '@nx-sleeves', 'pipeline');
    const aside = join(ws, 'pipeline-aside');
    const declared = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'nx-sleeves', 'package.json'), 'utf8')).peerDependencies['@nx-sleeves/pipeline'];
    renameSync(installed, aside);
    try {
      const lakehouse = timed('npm missing pipeline (lakehouse)', () => nx(['run', 'tech:sleeve', '--skip-nx-cache'], true));
      expect(lakehouse).toContain(
        `market-data: cannot load @nx-sleeves/pipeline (MODULE_NOT_FOUND); install it with: npm install -D @nx-sleeves/pipeline@${declared}`,
      );
      const sleeve = timed('npm missing pipeline (sleeve)', () => nx(['run', 'tech:sleeve', '--skip-nx-cache', '--exclude-task-dependencies'], true));
      expect(sleeve).toContain(
        `[tech] option "pipeline": invalid value "@nx-sleeves/pipeline"; expected an installed package (package "@nx-sleeves/pipeline" is not installed in ${ws}; install it with: npm install -D @nx-sleeves/pipeline@${declared})`,
      );
    } finally {
      renameSync(aside, installed);
    }
  }

  function freshWorkspace(name: string): string {
    const ws = join(base, name);
    mkdirSync(ws);
    writeFileSync(join(ws, 'nx.json'), '{}\n');
    return ws;
  }

  it('npm: nx add, generate a sleeve, run it, rerun from the cache', () => {
    const ws = freshWorkspace('npm-ws');
    const env = userEnv();
    sh(ws, 'npm', ['init', '-y'], env);
    // npm 11 reports nx's postinstall as not allowed and skips it; nx does not need it (it only checks the platform
    // and updates an Nx Cloud client), so the workspace is left as a user's would be.
    const install = (args: string[]) => void sh(ws, 'npm', ['install', '-D', '--save-exact', ...args], env);
    journey(ws, { install, env: {}, preinstallPipeline: true }, 'npm');
    expect(existsSync(join(ws, 'package-lock.json'))).toBe(true);
  });

  it('pnpm: the same, where only direct dependencies are linked into node_modules/ and init installs the pipeline', () => {
    const tools = join(SHARED, `pnpm-${PNPM_VERSION}`);
    const pnpmBin = join(tools, 'node_modules', '.bin');
    if (!existsSync(join(pnpmBin, 'pnpm'))) {
      mkdirSync(tools, { recursive: true });
      timed('install pnpm', () => sh(tools, 'npm', ['install', '--prefix', tools, `pnpm@${PNPM_VERSION}`], userEnv()));
    }
    const ws = freshWorkspace('pnpm-ws');
    writeFileSync(join(ws, 'package.json'), `${JSON.stringify({ name: 'pnpm-ws', version: '1.0.0', private: true }, null, 2)}\n`);
    // pnpm 11+ fails an install whose dependency build scripts were not decided; nx's postinstall is not needed.
    // The overrides stand in for the registry: pnpm installs the peer for nx-sleeves and the contracts for both from
    // the tarballs (in node_modules/.pnpm only), then init adds `@nx-sleeves/pipeline@<version>` and its install task
    // links it.
    writeFileSync(
      join(ws, 'pnpm-workspace.yaml'),
      `allowBuilds:\n  nx: false\noverrides:\n  '@nx-sleeves/pipeline': 'file:${pipeline.filename}'\n  '@nx-sleeves/contracts': 'file:${contracts.filename}'\n`,
    );
    const env = { PATH: `${pnpmBin}:${process.env.PATH}`, npm_config_store_dir: join(SHARED, 'pnpm-store') };
    const install = (args: string[]) => void sh(ws, join(pnpmBin, 'pnpm'), ['add', '-D', ...args], userEnv(env));
    journey(ws, { install, env, preinstallPipeline: false }, 'pnpm');
    expect(existsSync(join(ws, 'pnpm-lock.yaml'))).toBe(true);
    // pnpm keeps packages in node_modules/.pnpm: the flat path the old fingerprint command used is not the real one
    expect(existsSync(join(ws, 'node_modules', '.pnpm'))).toBe(true);
  });
});
