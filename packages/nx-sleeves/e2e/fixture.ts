/**
 * A tiny Nx workspace for the end-to-end tests: two sleeves and a meta-portfolio run by a small deterministic JS
 * pipeline (fast), with the real plugin, Nx and engine linked in from this repository.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const PLUGIN_ROOT = join(REPO_ROOT, 'packages', 'nx-sleeves');

const PIPELINE = `// Fixture pipeline: deterministic artifacts from the profile, the lakehouse and TV_* overrides.
const fs = require('node:fs');
const path = require('node:path');
exports.run = async function run(ctx) {
  const profile = JSON.parse(fs.readFileSync(path.join(ctx.projectRoot, 'sleeve.json'), 'utf8'));
  if (process.env.TV_RISK__ENGINE) profile.risk = { ...profile.risk, engine: process.env.TV_RISK__ENGINE };
  if (profile.risk && profile.risk.engine === 'explode') throw new Error('risk engine "explode" blew up');
  if (profile.risk && profile.risk.engine === 'slow') {
    ctx.log('slow sleeve started');
    await new Promise((resolve) => setTimeout(resolve, 120000));
  }
  const files = fs.readdirSync(ctx.lakehouseDir).sort();
  const symbols = files.map((f) => f.replace(/_1d\\.csv$/, ''));
  const data = path.join(ctx.artifactsDir, 'data');
  fs.mkdirSync(data, { recursive: true });
  const rows = ['date,return'];
  for (const f of files) {
    const lines = fs.readFileSync(path.join(ctx.lakehouseDir, f), 'utf8').trim().split('\\n').slice(1);
    for (const l of lines) rows.push(l);
  }
  fs.writeFileSync(path.join(data, 'oos_returns.csv'), rows.join('\\n') + '\\n');
  const w = {};
  for (const s of symbols) w[s] = Number((1 / symbols.length).toFixed(6));
  fs.writeFileSync(path.join(data, 'weights.json'), JSON.stringify(w, Object.keys(w).sort()));
  fs.writeFileSync(path.join(data, 'profile.json'), JSON.stringify({ profile: ctx.profile, runId: ctx.runId, risk: profile.risk }));
  fs.mkdirSync(path.join(ctx.artifactsDir, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(ctx.artifactsDir, 'reports', 'tearsheet.html'), '<html><body>' + ctx.profile + '</body></html>\\n');
  ctx.log('sleeve ' + ctx.profile + ' run ' + ctx.runId + ' engine ' + (profile.risk && profile.risk.engine));
};
`;

const META_PIPELINE = `// Fixture meta pipeline: reads exactly the sleeve outputs the executor hands over.
const fs = require('node:fs');
const path = require('node:path');
exports.run = async function run(ctx) {
  const inputs = ctx.options.sleeveInputs;
  if (!Array.isArray(inputs) || inputs.length === 0) throw new Error('no sleeveInputs');
  const summary = inputs.map((i) => {
    const r = JSON.parse(fs.readFileSync(path.join(ctx.workspaceRoot, i.outputPath, 'result.json'), 'utf8'));
    return { id: i.id, project: i.project, profile: i.profile, runId: i.runId, outputPath: i.outputPath, zip: r.zip.sha256 };
  });
  const data = path.join(ctx.artifactsDir, 'data');
  fs.mkdirSync(data, { recursive: true });
  fs.writeFileSync(path.join(data, 'inputs.json'), JSON.stringify(summary));
  fs.writeFileSync(path.join(data, 'weights.json'), JSON.stringify({ A_X: 1 }));
  fs.writeFileSync(path.join(data, 'oos_returns.csv'), 'date,return\\n');
  ctx.log('meta over ' + inputs.map((i) => i.id).join(','));
};
`;

const FINGERPRINT = `// Fixture lakehouse fingerprint: relative path, size and sha256 of every file.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const dir = process.argv[2];
if (!fs.existsSync(dir)) { console.log('missing'); process.exit(0); }
const h = crypto.createHash('sha256');
for (const f of fs.readdirSync(dir).sort()) {
  const b = fs.readFileSync(path.join(dir, f));
  h.update(f + '\\0' + b.length + '\\0' + crypto.createHash('sha256').update(b).digest('hex') + '\\n');
}
console.log(h.digest('hex'));
`;

export function sleeveJson(name: string, engine: string, description = `the ${name} sleeve`): string {
  return `${JSON.stringify({ name, description, risk: { engine }, backtest: { trainWindow: 5 } }, null, 2)}\n`;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** Writes the lakehouse (gitignored, as in a real workspace): two small CSV "parquet" stand-ins. */
export function writeLakehouse(root: string): void {
  write(root, 'data/lakehouse/NYSE_AAA_1d.csv', 'date,return\n2024-01-02,0.01\n2024-01-03,-0.02\n');
  write(root, 'data/lakehouse/NYSE_BBB_1d.csv', 'date,return\n2024-01-02,0.03\n2024-01-03,0.00\n');
}

/** Creates the workspace at `root` (an empty folder), commits it on `main`. */
export function createWorkspace(root: string): void {
  write(root, 'package.json', `${JSON.stringify({ name: 'sleeves-fixture', private: true }, null, 2)}\n`);
  write(
    root,
    'nx.json',
    `${JSON.stringify(
      {
        defaultBase: 'main',
        namedInputs: { default: ['{projectRoot}/**/*'], production: ['default', '!{projectRoot}/**/*.spec.js'] },
        plugins: [{ plugin: 'nx-sleeves', options: { cpus: 1, memoryMb: 512 } }],
      },
      null,
      2,
    )}\n`,
  );
  write(root, '.gitignore', '/node_modules/\n/dist/\n/.nx/\n/tmp/\n/data/lakehouse/\n/graph*.json\n');
  write(root, 'README.md', '# fixture\n');
  write(root, 'sleeve.defaults.json', `${JSON.stringify({ backtest: { testWindow: 2 } })}\n`);
  write(root, 'libs/pipeline/package.json', `${JSON.stringify({ name: '@nx-sleeves/pipeline', version: '0.0.0', main: 'dist/index.js' })}\n`);
  write(root, 'libs/pipeline/project.json', `${JSON.stringify({ name: 'pipeline' })}\n`);
  write(root, 'libs/pipeline/dist/index.js', PIPELINE);
  write(root, 'libs/pipeline/dist/meta/index.js', META_PIPELINE);
  write(root, 'libs/pipeline/dist/lakehouse/fingerprint-cli.js', FINGERPRINT);
  write(root, 'libs/pipeline/src/version.js', 'module.exports = 1;\n');
  write(root, 'apps/alpha/sleeve.json', sleeveJson('alpha', 'hrp'));
  write(root, 'apps/beta/sleeve.json', sleeveJson('beta', 'equal_weight'));
  write(
    root,
    'apps/meta/meta-portfolio.json',
    `${JSON.stringify(
      {
        name: 'meta',
        description: 'both sleeves',
        sleeves: [
          { id: 'a', project: 'alpha' },
          { id: 'b', project: 'beta' },
        ],
        allocation: { engine: 'equal_weight', minWeight: 0, maxWeight: 1 },
      },
      null,
      2,
    )}\n`,
  );
  writeLakehouse(root);
  linkNodeModules(root);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'fixture']);
}

/** node_modules: Nx and the plugin from this repository; the pipeline as a workspace link (as npm workspaces do). */
export function linkNodeModules(root: string): void {
  const nm = join(root, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  mkdirSync(join(nm, '@nx-sleeves'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules', 'nx'), join(nm, 'nx'));
  symlinkSync(join(REPO_ROOT, 'node_modules', '@nx'), join(nm, '@nx'));
  symlinkSync(PLUGIN_ROOT, join(nm, 'nx-sleeves'));
  symlinkSync(join('..', '..', 'libs', 'pipeline'), join(nm, '@nx-sleeves', 'pipeline'));
  for (const dep of ['tinypool', 'archiver']) symlinkSync(join(REPO_ROOT, 'node_modules', dep), join(nm, dep));
}

export function git(root: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
}

/** Runs the Nx CLI of this repository in `root`, with the daemon off, no cloud, and the given cache folder. */
export function nx(root: string, args: string[], opts: { cacheDir: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  for (const k of Object.keys(env)) if (k.startsWith('TV_') && !(opts.env && k in opts.env)) delete env[k];
  return spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_CACHE_DIRECTORY: opts.cacheDir,
      NX_TUI: 'false',
      NX_ISOLATE_PLUGINS: 'false', // plugin workers cost seconds each on a busy machine
      NX_SKIP_NX_CACHE: undefined,
      NX_SLEEVES_CPUS: env.NX_SLEEVES_CPUS ?? '2',
      NX_SLEEVES_MEMORY_MB: env.NX_SLEEVES_MEMORY_MB ?? '2048',
      CI: 'true',
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    },
    timeout: opts.timeoutMs ?? 120_000,
  });
}

export interface TaskRun {
  hash: string;
  cacheStatus: string;
  status: number;
}

/** Per-task hash and cache status of the last Nx run, from the run record Nx keeps in its cache folder. */
export function lastRun(cacheDir: string): Record<string, TaskRun> {
  const run = JSON.parse(readFileSync(join(cacheDir, 'run.json'), 'utf8')) as { tasks: ({ taskId: string } & TaskRun)[] };
  return Object.fromEntries(run.tasks.map((t) => [t.taskId, { hash: t.hash, cacheStatus: t.cacheStatus, status: t.status }]));
}

/** Tasks the last run restored from the cache, and tasks it ran. */
export function hitsAndMisses(cacheDir: string): { hits: string[]; misses: string[] } {
  const tasks = Object.entries(lastRun(cacheDir));
  const hit = (s: string) => s.endsWith('cache-hit') || s === 'local-cache-kept-existing';
  return {
    hits: tasks
      .filter(([, t]) => hit(t.cacheStatus))
      .map(([id]) => id)
      .sort(),
    misses: tasks
      .filter(([, t]) => !hit(t.cacheStatus))
      .map(([id]) => id)
      .sort(),
  };
}

/** Task ids named by `nx affected -t <target> --explain` (which explains and does not run). */
export function affectedTasks(output: string, target = 'sleeve'): string[] {
  if (/Nothing affected/.test(output)) return [];
  const ids = new Set<string>();
  for (const m of output.matchAll(new RegExp(`^\\s*-\\s+([A-Za-z0-9._-]+:${target})\\s*$`, 'gm'))) ids.add(m[1]);
  return [...ids].sort();
}
