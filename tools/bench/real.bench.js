#!/usr/bin/env node
// Real sleeves through nx-sleeves vs the bare pipeline (issue: "a sleeve through nx-sleeves costs 1.7× the
// bare pipeline"). A generated workspace of N sleeves of the sample kind (26 US symbols, 1,000 days,
// monthly rebalancing, HRP) is run three ways, each as a whole process tree whose CPU is read from the
// kernel's accounting of reaped children (/proc/self/stat cutime + cstime of a small runner process):
//   nx      `nx run-many -t sleeve -p <all> --skip-nx-cache`             (engine, zip, Nx, summary)
//   bare    the compiled pipeline's run(context) in one plain node process per sleeve, two at a time,
//           writing the same artifacts, no zip                             (the pipeline's own cost)
//   startup `nx show projects`                                            (Nx's own start-up)
//   plain   `nx run-many -t bare --parallel=2`: each project's `bare` target (nx:run-commands) runs the same bare
//           pipeline process, no engine (what the team would get from Nx without nx-sleeves: no isolation,
//           no zip, no memory limit): Nx's own cost per task, for comparison (not a target)
// Targets (ratios measured in this run): wall(nx) ≤ 1.1 × (wall(bare) + wall(startup)) and
// cpu(nx) ≤ 1.1 × (cpu(bare) + cpu(startup)), for 20 and for 200 sleeves.
// Run: npm run bench -- real           (sizes: BENCH_REAL_SIZES=20,200; default 20)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { median, mulberry32, NX_BENCH_ENV } = require('./shared');

const root = path.join(__dirname, '..', '..');
const pipelineDist = path.join(root, 'libs', 'pipeline', 'dist', 'index.js');
const driver = path.join(root, 'libs', 'pipeline', 'e2e', 'fixtures', 'run-pipeline.js');
const nxBin = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
for (const f of [pipelineDist, path.join(root, 'packages', 'nx-sleeves', 'dist', 'index.js')]) {
  if (!fs.existsSync(f)) {
    console.error(`real.bench: ${f} is missing; run npm run build first`);
    process.exit(1);
  }
}
const SYMBOLS = 26;
const DAYS = 1000;
const SIZES = (process.env.BENCH_REAL_SIZES ?? '20').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REAL_REPEATS ?? 3);

async function makeLakehouse(dir) {
  const { writeBarsParquet, writeCatalog } = require(pipelineDist);
  const rnd = mulberry32(11);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const dates = [];
  const d = new Date('2021-01-04T00:00:00Z');
  while (dates.length < DAYS) {
    if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  const market = dates.map(() => gauss() * 0.009);
  const symbols = [];
  for (let a = 0; a < SYMBOLS; a++) {
    const symbol = `S${String(a).padStart(2, '0')}`;
    const id = `NYSE_${symbol}`;
    const close = new Float64Array(DAYS);
    let p = 20 + 100 * rnd();
    const drift = (rnd() - 0.3) * 0.0008;
    for (let i = 0; i < DAYS; i++) close[i] = p *= Math.exp(drift + (0.6 + rnd() * 0.8) * market[i] + gauss() * 0.012);
    const volume = new Float64Array(DAYS).fill(1e6);
    await writeBarsParquet(path.join(dir, `${id}_1d.parquet`), { id, dates, open: close, high: close, low: close, close, volume });
    symbols.push({ id, exchange: 'NYSE', symbol, market: 'us_equity', assetClass: 'equity', sector: `sector${a % 5}`, file: `${id}_1d.parquet` });
  }
  writeCatalog(dir, { version: 1, symbols });
}

function sleeveProfile(i) {
  return {
    name: `real-${String(i).padStart(3, '0')}`,
    universe: { market: 'us_equity' },
    data: { lookbackDays: DAYS, minDaysFloor: 300 },
    selection: { topN: 8 + (i % 5), mode: i % 2 ? 'sharpe' : 'momentum' },
    risk: { engine: 'hrp', maxWeight: 0.25 },
    backtest: { trainWindow: 252, testWindow: 21, stepSize: 21, costBps: 5 + (i % 7) },
  };
}

/** The driver's config for one bare run: the sleeve's pipeline in a plain node process, its own sandbox folder. */
function bareConfig(ws, lakehouse, name) {
  return {
    cmd: 'sleeve',
    workspaceRoot: ws,
    projectRoot: path.join(ws, 'apps', name),
    sandboxDir: path.join(ws, 'tmp', 'bare', name),
    lakehouseDir: lakehouse,
    profile: name,
    runId: 'dev',
  };
}

async function makeWorkspace(n) {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `nxs-bench-real-${n}-`));
  fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'real-bench', private: true }));
  fs.writeFileSync(path.join(ws, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-sleeves', options: { cpus: 1, memoryMb: 1024 } }] }));
  fs.writeFileSync(path.join(ws, 'sleeve.defaults.json'), fs.readFileSync(path.join(root, 'sleeve.defaults.json')));
  // node_modules: every package of this repository's, the plugin included; the pipeline as a workspace
  // project whose compiled code and schemas are this repository's (Nx resolves it as a project).
  const nm = path.join(ws, 'node_modules');
  fs.mkdirSync(path.join(nm, '@nx-sleeves'), { recursive: true });
  for (const e of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (e !== '@nx-sleeves') fs.symlinkSync(path.join(root, 'node_modules', e), path.join(nm, e));
  }
  const lib = path.join(ws, 'libs', 'pipeline');
  fs.mkdirSync(lib, { recursive: true });
  fs.copyFileSync(path.join(root, 'libs', 'pipeline', 'package.json'), path.join(lib, 'package.json'));
  fs.writeFileSync(path.join(lib, 'project.json'), JSON.stringify({ name: 'pipeline' }));
  for (const d of ['dist', 'schema']) fs.symlinkSync(path.join(root, 'libs', 'pipeline', d), path.join(lib, d));
  fs.symlinkSync(path.join('..', '..', 'libs', 'pipeline'), path.join(nm, '@nx-sleeves', 'pipeline'));
  const lakehouse = path.join(ws, 'data', 'lakehouse');
  fs.mkdirSync(lakehouse, { recursive: true });
  await makeLakehouse(lakehouse);
  const names = [];
  for (let i = 0; i < n; i++) {
    const p = sleeveProfile(i);
    fs.mkdirSync(path.join(ws, 'apps', p.name), { recursive: true });
    fs.writeFileSync(path.join(ws, 'apps', p.name, 'sleeve.json'), JSON.stringify(p, null, 2));
    const bareCfg = JSON.stringify(bareConfig(ws, lakehouse, p.name));
    fs.writeFileSync(
      path.join(ws, 'apps', p.name, 'project.json'),
      JSON.stringify({ name: p.name, targets: { bare: { command: `${JSON.stringify(process.execPath)} ${JSON.stringify(driver)} '${bareCfg}'` } } }),
    );
    names.push(p.name);
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: ws });
  return { ws, lakehouse, names };
}

// A runner process executes one phase and reports its wall time and its reaped children's CPU time.
const RUNNER = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [mode, payload] = [process.argv[1], JSON.parse(process.argv[2])];
const tick = 100; // USER_HZ
const cpuOfChildren = () => { const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' '); return (Number(f[13]) + Number(f[14])) / tick; };
const run = (argv, env) => new Promise((resolve, reject) => {
  const c = spawn(argv[0], argv.slice(1), { cwd: payload.cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = ''; c.stdout.on('data', (d) => (out += d)); c.stderr.on('data', (d) => (out += d));
  c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(argv.join(' ') + ' exited ' + code + '\\n' + out.slice(-2000)))));
});
(async () => {
  const t0 = process.hrtime.bigint();
  if (mode === 'one') await run(payload.argv, payload.env);
  else {
    // 'pool': the commands two at a time, as the engine's budget of 2 cpus would run them
    const queue = [...payload.commands];
    await Promise.all(Array.from({ length: payload.parallel }, async () => { while (queue.length) await run(queue.shift(), {}); }));
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ wall, cpu: cpuOfChildren() }));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

function measure(mode, payload) {
  const out = execFileSync(process.execPath, ['-e', RUNNER, mode, JSON.stringify(payload)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop());
}

// Loaded into every node process of the Nx run through NODE_OPTIONS (sleeve workers drop it: it is not on their env
// allow-list, their CPU comes from the trace). At exit it appends the process's own CPU, and for the batch process
// the CPU spent before Nx loaded our executor, to <log>.
const CPU_HOOK = `
const fs = require('node:fs');
const Module = require('node:module');
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let beforeExecutor;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (beforeExecutor === undefined && /executors[\\/]sleeve[\\/]batch/.test(request)) beforeExecutor = cpu();
  return load.apply(this, arguments);
};
process.on('exit', () => {
  try { fs.appendFileSync(process.env.BENCH_CPU_LOG, JSON.stringify({ argv: process.argv.slice(1).join(' '), cpuMs: cpu(), beforeExecutor }) + '\\n'); } catch {}
});
`;

/** CPU (s) of the Nx run's node processes by role, from the hook's log. */
function cpuByRole(logFile) {
  const roles = { main: 0, batchNx: 0, batchOurs: 0, runtime: 0, other: 0 };
  if (!fs.existsSync(logFile)) return roles;
  for (const l of fs.readFileSync(logFile, 'utf8').trim().split('\n')) {
    const r = JSON.parse(l);
    if (/run-batch/.test(r.argv)) {
      roles.batchNx += (r.beforeExecutor ?? r.cpuMs) / 1000;
      roles.batchOurs += (r.cpuMs - (r.beforeExecutor ?? r.cpuMs)) / 1000;
    } else if (/nx\.js run-many/.test(r.argv)) roles.main += r.cpuMs / 1000;
    else if (/fingerprint-cli/.test(r.argv)) roles.runtime += r.cpuMs / 1000;
    else roles.other += r.cpuMs / 1000;
  }
  return roles;
}

function phases({ ws, lakehouse, names }) {
  const cacheDir = path.join(ws, '.nx', 'bench-cache');
  const traceFile = path.join(ws, 'trace.jsonl');
  fs.rmSync(traceFile, { force: true });
  const env = { ...NX_BENCH_ENV, NX_CACHE_DIRECTORY: cacheDir, NX_SLEEVES_TRACE: traceFile };
  const startup = measure('one', { cwd: ws, argv: [process.execPath, nxBin, 'show', 'projects'], env });
  const hook = path.join(ws, 'tmp', 'bench-cpu-hook.js');
  const cpuLog = path.join(ws, 'tmp', 'bench-cpu.jsonl');
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(hook, CPU_HOOK);
  fs.rmSync(cpuLog, { force: true });
  const nx = measure('one', {
    cwd: ws,
    argv: [process.execPath, nxBin, 'run-many', '-t', 'sleeve', '--skip-nx-cache', '--excludeTaskDependencies', '--outputStyle=static'],
    env: { ...env, NODE_OPTIONS: `--require ${hook}`, BENCH_CPU_LOG: cpuLog },
  });
  nx.roles = cpuByRole(cpuLog);
  nx.trace = fs.existsSync(traceFile)
    ? fs
        .readFileSync(traceFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
  const freshSandboxes = () =>
    names.map((name) => {
      const cfg = bareConfig(ws, lakehouse, name);
      fs.rmSync(cfg.sandboxDir, { recursive: true, force: true });
      fs.mkdirSync(cfg.sandboxDir, { recursive: true });
      return cfg;
    });
  const commands = freshSandboxes().map((cfg) => [process.execPath, driver, JSON.stringify(cfg)]);
  const bare = measure('pool', { cwd: ws, commands, parallel: 2 });
  freshSandboxes();
  const plain = measure('one', {
    cwd: ws,
    argv: [process.execPath, nxBin, 'run-many', '-t', 'bare', '--parallel=2', '--skip-nx-cache', '--outputStyle=static'],
    env,
  });
  return { startup, nx, bare, plain };
}

/** Where the Nx run's CPU went, by process (medians over the repeats, seconds), against the bare run's. */
function printCpuByRole(runs, n) {
  const m = (f) => median(runs.map(f));
  const workers = m((x) => x.nx.trace.reduce((t, s) => t + (s.worker?.cpuMs ?? 0), 0) / 1000);
  const rows = [
    ['Nx: the run-many process', m((x) => x.nx.roles.main), `nx show projects: ${m((x) => x.startup.cpu).toFixed(2)}`],
    ['Nx: batch process until our executor loads', m((x) => x.nx.roles.batchNx), ''],
    ['batch process from our executor on (engine, export, dashboard)', m((x) => x.nx.roles.batchOurs), ''],
    ['runtime inputs (env + lakehouse fingerprint)', m((x) => x.nx.roles.runtime), ''],
    ['sleeve workers, start to the pipeline’s end', workers, `bare pipeline processes: ${m((x) => x.bare.cpu).toFixed(2)}`],
  ];
  const listed = rows.reduce((t, r) => t + r[1], 0);
  rows.push(['rest: guard shells, worker exits, git, other', m((x) => x.nx.cpu) - listed, '']);
  console.log(`CPU by process of the nx run (s, medians; ${n} sleeves)`);
  for (const [k, v, note] of rows) console.log(`  ${k.padEnd(64)} ${v.toFixed(2).padStart(6)}  ${note}`);
}

/** Per-sleeve phases from the engine's trace (NX_SLEEVES_TRACE): engine side and inside the worker, medians. */
function printBreakdown(trace) {
  if (!trace.length) return console.log('(no engine trace: an older nx-sleeves build?)');
  const rows = [];
  for (const k of ['sandbox', 'attempt', 'lakehouseCheck', 'export', 'cleanup']) rows.push([`engine: ${k}`, median(trace.map((t) => t.engineMs[k] ?? 0))]);
  const w = trace.map((t) => t.worker).filter(Boolean);
  if (w.length) {
    rows.push(['worker: process start → task', median(w.map((t) => t.taskReceived))]);
    rows.push(['worker: lakehouse view', median(w.map((t) => t.viewBuilt - t.taskReceived))]);
    rows.push(['worker: pipeline module load', median(w.map((t) => t.pipelineLoaded - t.viewBuilt))]);
    rows.push(['worker: pipeline run', median(w.map((t) => t.pipelineDone - t.pipelineLoaded))]);
    rows.push(['worker: CPU of the process', median(w.map((t) => t.cpuMs))]);
  }
  console.log('per-sleeve phases (median ms over all sleeves and repeats)');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(34)} ${String(v).padStart(6)}`);
}

(async () => {
  if (process.env.BENCH_REAL_WORKSPACE_ONLY) {
    // Profiling aid: build one workspace, print its path, leave it in place (the caller removes it).
    const w = await makeWorkspace(SIZES[0]);
    console.log(w.ws);
    return;
  }
  let missed = 0;
  for (const n of SIZES) {
    const w = await makeWorkspace(n);
    try {
      const runs = [];
      for (let r = 0; r < REPEATS; r++) runs.push(phases(w));
      const m = (phase, k) => median(runs.map((x) => x[phase][k]));
      const wallRatio = median(runs.map((x) => x.nx.wall / (x.bare.wall + x.startup.wall)));
      const cpuRatio = median(runs.map((x) => x.nx.cpu / (x.bare.cpu + x.startup.cpu)));
      const perSleeve = median(runs.map((x) => (x.nx.wall - x.startup.wall - x.bare.wall) / n));
      console.log(`real sleeves: ${n} sleeves × ${SYMBOLS} symbols × ${DAYS} days, monthly HRP; medians of ${REPEATS}, load ${os.loadavg()[0].toFixed(1)}`);
      console.log('phase                         wall s    cpu s');
      console.log(`nx run-many (engine + Nx)   ${m('nx', 'wall').toFixed(2).padStart(8)} ${m('nx', 'cpu').toFixed(2).padStart(8)}`);
      console.log(`bare pipeline, 2 at a time  ${m('bare', 'wall').toFixed(2).padStart(8)} ${m('bare', 'cpu').toFixed(2).padStart(8)}`);
      console.log(`nx show projects (start-up) ${m('startup', 'wall').toFixed(2).padStart(8)} ${m('startup', 'cpu').toFixed(2).padStart(8)}`);
      console.log(
        `plain Nx: run-many -t bare  ${m('plain', 'wall').toFixed(2).padStart(8)} ${m('plain', 'cpu').toFixed(2).padStart(8)}   (nx:run-commands of the bare process, 2 at a time)`,
      );
      const okWall = wallRatio <= 1.1;
      const okCpu = cpuRatio <= 1.1;
      missed += okWall ? 0 : 1;
      missed += okCpu ? 0 : 1;
      console.log(`wall: nx / (bare + start-up) = ${wallRatio.toFixed(2)}×  ${okWall ? 'ok' : 'MISSED'} (≤ 1.1×)`);
      console.log(`cpu:  nx / (bare + start-up) = ${cpuRatio.toFixed(2)}×  ${okCpu ? 'ok' : 'MISSED'} (≤ 1.1×)`);
      console.log(`wall beyond the pipeline and Nx start-up: ${(perSleeve * 1000).toFixed(0)} ms per sleeve`);
      const vsPlainWall = median(runs.map((x) => x.nx.wall / x.plain.wall));
      const vsPlainCpu = median(runs.map((x) => x.nx.cpu / x.plain.cpu));
      console.log(`for comparison, nx-sleeves / plain Nx running the same processes: wall ${vsPlainWall.toFixed(2)}×, cpu ${vsPlainCpu.toFixed(2)}×`);
      // Nx's own share of the target: what is left of the 1.1× for everything nx-sleeves adds (isolation, zip, engine).
      const plainWall = median(runs.map((x) => x.plain.wall / (x.bare.wall + x.startup.wall)));
      const plainCpu = median(runs.map((x) => x.plain.cpu / (x.bare.cpu + x.startup.cpu)));
      console.log(`plain Nx / (bare + start-up): wall ${plainWall.toFixed(2)}×, cpu ${plainCpu.toFixed(2)}× (Nx's own share of the ≤ 1.1× target)`);
      printCpuByRole(runs, n);
      printBreakdown(runs.flatMap((x) => x.nx.trace));
    } finally {
      fs.rmSync(w.ws, { recursive: true, force: true });
    }
  }
  console.log(missed ? `${missed} target(s) missed` : 'all targets met');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
