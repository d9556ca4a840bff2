#!/usr/bin/env node
// Scale: how nx-sleeves costs grow with the number of sleeves (issue: 212 sleeves, an all-hit run-many 1.43× `nx show
// projects`). For each N of BENCH_SCALE_SIZES (default 50,200,500), in generated workspaces using this repository's
// node_modules, each phase a fresh process (NX_DAEMON=false, plugins in-process), medians of BENCH_SCALE_REPEATS:
//   graph    `nx show projects` with the project graph cache removed (.nx/workspace-data) before each run, in a
//            workspace of N sleeve.json projects vs one of N plain project.json projects   target ≤ 1.15×
//   rerun    all-hit `nx run-many -t sleeve` (after one cold run filled the cache; outputs in place) vs
//            `nx show projects` in the same workspace, graph cache warm                     target ≤ 1.3×
//            and, as Nx's own floor, the same for the N plain projects: a cached `nx:run-commands` target with an
//            output folder of two files and one runtime input (what a sleeve task has), all-hit vs `nx show projects`
//   engine   the engine API directly, N no-op sleeves on 2 cpus in a fresh node process: steady-state time per
//            sleeve, the process's peak RSS (maxRSS) and its heap after a final GC, against the smallest N
//                                                                                            target flat ±10 %
// The sleeves run a trivial workspace pipeline package (`pipelinePackage` option), so the cold run stays cheap.
// Run: npm run bench -- scale     (BENCH_SCALE_SIZES=50,200 BENCH_SCALE_REPEATS=3; BENCH_SCALE_KEEP=1 keeps the folders)
// The default sizes include 500: that point alone takes several minutes on 2 cores (a cold run-many of 500 sleeves,
// then the engine running 500); BENCH_SCALE_SIZES=50,200 for a quick run. Progress goes to stderr.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { median, NX_BENCH_ENV } = require('./shared');

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'packages', 'nx-sleeves', 'dist');
const nxBin = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
if (!fs.existsSync(path.join(dist, 'index.js'))) {
  console.error(`scale.bench: ${dist}/index.js is missing; run npm run build first`);
  process.exit(1);
}
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '50,200,500').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_SCALE_REPEATS ?? 3);
const NX_ENV = { ...process.env, ...NX_BENCH_ENV };
const NOOP_PIPELINE = "'use strict';\nexports.run = async (ctx) => { ctx.log('ok'); };\n";

function baseWorkspace(kind, n) {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `nxs-bench-scale-${kind}-${n}-`));
  fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: `scale-${kind}`, private: true }));
  const nm = path.join(ws, 'node_modules');
  fs.mkdirSync(nm);
  for (const e of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (e !== 'noop-pipeline') fs.symlinkSync(path.join(root, 'node_modules', e), path.join(nm, e));
  }
  return ws;
}

function finish(ws) {
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: ws });
  fs.writeFileSync(path.join(ws, '.gitignore'), 'node_modules\ndist\ntmp\n.nx\n');
  return ws;
}

const name = (i) => `s${String(i).padStart(4, '0')}`;

function sleeveWorkspace(n) {
  const ws = baseWorkspace('sleeves', n);
  // The pipeline: a workspace package linked into node_modules (as npm workspaces do), a no-op run().
  const lib = path.join(ws, 'libs', 'noop-pipeline');
  fs.mkdirSync(lib, { recursive: true });
  fs.writeFileSync(
    path.join(lib, 'package.json'),
    JSON.stringify({
      name: 'noop-pipeline',
      version: '0.0.0',
      main: 'index.js',
    }),
  );
  fs.writeFileSync(path.join(lib, 'project.json'), JSON.stringify({ name: 'noop-pipeline' }));
  fs.writeFileSync(path.join(lib, 'index.js'), NOOP_PIPELINE);
  fs.symlinkSync(path.join('..', 'libs', 'noop-pipeline'), path.join(ws, 'node_modules', 'noop-pipeline'));
  fs.writeFileSync(
    path.join(ws, 'nx.json'),
    JSON.stringify({
      plugins: [
        {
          plugin: 'nx-sleeves',
          options: { cpus: 1, memoryMb: 512, pipelinePackage: 'noop-pipeline' },
        },
      ],
    }),
  );
  fs.writeFileSync(path.join(ws, 'sleeve.defaults.json'), '{}\n');
  fs.mkdirSync(path.join(ws, 'data', 'lakehouse'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'data', 'lakehouse', 'catalog.json'), JSON.stringify({ version: 1, symbols: [] }));
  for (let i = 0; i < n; i++) {
    fs.mkdirSync(path.join(ws, 'apps', name(i)), { recursive: true });
    const profile = {
      name: name(i),
      universe: { market: 'us_equity' },
      selection: { topN: 5 + (i % 7) },
    };
    fs.writeFileSync(path.join(ws, 'apps', name(i), 'sleeve.json'), JSON.stringify(profile, null, 2));
  }
  return finish(ws);
}

function plainWorkspace(n) {
  const ws = baseWorkspace('plain', n);
  fs.writeFileSync(path.join(ws, 'nx.json'), '{}\n');
  for (let i = 0; i < n; i++) {
    fs.mkdirSync(path.join(ws, 'apps', name(i)), { recursive: true });
    const out = `dist/${name(i)}`;
    const project = {
      name: name(i),
      targets: {
        build: {
          executor: 'nx:run-commands',
          options: { command: `mkdir -p ${out} && echo ${i} > ${out}/artifacts.zip && echo ${i} > ${out}/result.json` },
          cache: true,
          inputs: ['{projectRoot}/**/*', { runtime: 'node -e "console.log(process.version)"' }],
          outputs: [`{workspaceRoot}/${out}`],
        },
      },
    };
    fs.writeFileSync(path.join(ws, 'apps', name(i), 'project.json'), JSON.stringify(project, null, 2));
  }
  return finish(ws);
}

function nx(ws, args) {
  // Output to a file, not a pipe: once, an all-hit run of 200 tasks exited 0 with its piped output cut short.
  const file = path.join(ws, '.nx-bench-out.txt');
  const fd = fs.openSync(file, 'w');
  const t0 = process.hrtime.bigint();
  let r;
  try {
    r = spawnSync(process.execPath, [nxBin, ...args], { cwd: ws, env: NX_ENV, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const out = fs.readFileSync(file, 'utf8');
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} in ${ws} exited ${r.status}\n${out.slice(-3000)}`);
  return { wall, out };
}

const allHit = (out, n) => out.replace(ANSI, '').includes(`for ${n} out of ${n} tasks`);

// The project graph cache (file map, file hashes, graph, plugin results) is removed; the database beside it is kept,
// as it holds the task cache's index (removing it would turn the next run into a miss).
const coldGraph = (ws) => {
  const data = path.join(ws, '.nx', 'workspace-data');
  for (const f of fs.existsSync(data) ? fs.readdirSync(data) : []) {
    if (!/\.db|\.lock$/.test(f)) fs.rmSync(path.join(data, f), { recursive: true, force: true });
  }
  return nx(ws, ['show', 'projects']);
};

// The engine alone: N no-op sleeves on 2 cpus in a fresh process. Per sleeve: the steady-state interval between
// finishes ((last finish − first finish) / (N − 1)), so the engine's one-off start (pools, the first worker's boot)
// is not spread over N; memory: the process's peak RSS, and the heap still in use after a full GC at the end
// (flat = nothing is kept per sleeve; RSS alone also moves with V8's heap sizing and malloc).
const ENGINE_RUNNER = `
const fs = require('node:fs'); const path = require('node:path');
const [dist, dir, n] = [process.argv[1], process.argv[2], Number(process.argv[3])];
const { SleeveComputeEngine } = require(path.join(dist, 'engine/index.js'));
fs.mkdirSync(path.join(dir, 'lake'), { recursive: true });
fs.writeFileSync(path.join(dir, 'noop.js'), ${JSON.stringify(NOOP_PIPELINE)});
(async () => {
  const finishes = [];
  const engine = new SleeveComputeEngine({ cpus: 2, memoryMb: 4096, onLine: () => {},
    onStatus: (s, event) => { if (event === 'finished') finishes.push(performance.now()); } });
  let specs = Array.from({ length: n }, (_, i) => ({ profile: 's' + i, runId: 'bench', pipeline: path.join(dir, 'noop.js'),
    lakehouse: path.join(dir, 'lake'), outputPath: path.join(dir, 'out', 's' + i), workspaceRoot: dir, memoryMb: 256 }));
  const t0 = performance.now();
  let rs = await engine.executeSleeves(specs);
  specs = undefined;
  const wall = performance.now() - t0;
  await engine.shutdown();
  const bad = rs.filter((r) => r.status !== 'success');
  if (bad.length) throw new Error(bad.length + ' sleeves ended ' + bad[0].status + ': ' + bad[0].error);
  rs = undefined; // the bench's own arrays go before the final GC: what is left is what the engine keeps
  const perSleeveMs = (finishes[n - 1] - finishes[0]) / (n - 1);
  finishes.length = 0;
  global.gc();
  console.log(JSON.stringify({ perSleeveMs, wallPerSleeveMs: wall / n,
    maxRssMb: process.resourceUsage().maxRSS / 1024, heapAfterGcMb: process.memoryUsage().heapUsed / 1048576,
    dataHeapMb: require('node:v8').getHeapSpaceStatistics().filter((x) => !x.space_name.startsWith('code')).reduce((t, x) => t + x.space_used_size, 0) / 1048576 }));
})().catch((e) => { console.error(e.stack); process.exit(1); });
`;

function engineRun(n, distDir = dist) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nxs-bench-scale-engine-${n}-`));
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', ENGINE_RUNNER, distDir, dir, String(n)], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Colour codes, stripped before reading Nx's summary line.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const f2 = (x) => x.toFixed(2).padStart(7);
let missed = 0;
function verdict(label, ratio, ok, target) {
  if (!ok) missed++;
  console.log(`  ${label.padEnd(44)} ${ratio}  ${ok ? 'ok' : 'MISSED'} (${target})`);
}

const started = Date.now();
const progress = (what) => process.stderr.write(`[scale.bench +${Math.round((Date.now() - started) / 1000)} s] ${what}\n`);

function main() {
  const engineRows = [];
  for (const n of SIZES) {
    const sleeves = sleeveWorkspace(n);
    const plain = plainWorkspace(n);
    try {
      // Cold run once (fills the cache and writes the outputs), then alternate the measured commands.
      progress(`${n} sleeves: cold run-many`);
      const t0 = process.hrtime.bigint();
      nx(sleeves, ['run-many', '-t', 'sleeve', '--outputStyle=static']);
      const cold = Number(process.hrtime.bigint() - t0) / 1e9;
      progress(`${n} plain projects: cold run-many`);
      nx(plain, ['run-many', '-t', 'build', '--outputStyle=static']);
      const g = { sleeves: [], plain: [], show: [], rerun: [], plainShow: [], plainRerun: [] };
      for (let r = 0; r < REPEATS; r++) {
        progress(`${n} sleeves: graph and rerun, repeat ${r + 1} of ${REPEATS}`);
        g.plain.push(coldGraph(plain).wall);
        g.sleeves.push(coldGraph(sleeves).wall);
        g.show.push(nx(sleeves, ['show', 'projects']).wall);
        const rerun = nx(sleeves, ['run-many', '-t', 'sleeve', '--outputStyle=static']);
        if (!allHit(rerun.out, n)) throw new Error(`the rerun was not all-hit:\n${rerun.out.slice(-2000)}`);
        g.rerun.push(rerun.wall);
        g.plainShow.push(nx(plain, ['show', 'projects']).wall);
        const plainRerun = nx(plain, ['run-many', '-t', 'build', '--outputStyle=static']);
        if (!allHit(plainRerun.out, n)) throw new Error(`the plain rerun was not all-hit:\n${plainRerun.out.slice(-2000)}`);
        g.plainRerun.push(plainRerun.wall);
      }
      progress(`${n} sleeves: engine`);
      const e = engineRun(n);
      engineRows.push({ n, ...e });
      const m = (k) => median(g[k]);
      console.log(
        `\n${n} sleeves; medians of ${REPEATS}; load ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}; cold run-many ${cold.toFixed(1)} s`,
      );
      console.log(`  graph, cold: ${n} sleeve.json ${f2(m('sleeves'))} s   ${n} project.json ${f2(m('plain'))} s`);
      console.log(`  all-hit run-many ${f2(m('rerun'))} s   nx show projects ${f2(m('show'))} s`);
      console.log(`  plain projects (Nx's floor): all-hit run-many ${f2(m('plainRerun'))} s   nx show projects ${f2(m('plainShow'))} s`);
      console.log(
        `  engine: ${e.perSleeveMs.toFixed(0)} ms per no-op sleeve in steady state (2 cpus; ${e.wallPerSleeveMs.toFixed(0)} ms with the start-up), ` +
          `peak RSS ${e.maxRssMb.toFixed(0)} MB, heap after GC ${e.heapAfterGcMb.toFixed(1)} MB (${e.dataHeapMb.toFixed(1)} MB without code)`,
      );
      const graphRatio = median(g.sleeves.map((x, i) => x / g.plain[i]));
      const rerunRatio = median(g.rerun.map((x, i) => x / g.show[i]));
      verdict('graph creation: sleeves / plain projects', `${graphRatio.toFixed(2)}×`, graphRatio <= 1.15, '≤ 1.15×');
      verdict('all-hit rerun / nx show projects', `${rerunRatio.toFixed(2)}×`, rerunRatio <= 1.3, '≤ 1.3×');
      const plainRatio = median(g.plainRerun.map((x, i) => x / g.plainShow[i]));
      console.log(`  the same for plain cached projects (Nx's own floor)      ${plainRatio.toFixed(2)}×`);
      console.log(`  sleeves' all-hit rerun / plain projects' all-hit rerun   ${median(g.rerun.map((x, i) => x / g.plainRerun[i])).toFixed(2)}×`);
    } finally {
      if (!process.env.BENCH_SCALE_KEEP) {
        fs.rmSync(sleeves, { recursive: true, force: true });
        fs.rmSync(plain, { recursive: true, force: true });
      } else console.log(`  kept ${sleeves} ${plain}`);
    }
  }
  if (engineRows.length > 1) {
    const base = engineRows[0];
    console.log(`\nengine, against ${base.n} sleeves:`);
    for (const r of engineRows.slice(1)) {
      const ov = r.perSleeveMs / base.perSleeveMs;
      const rss = r.maxRssMb / base.maxRssMb;
      const heap = r.heapAfterGcMb / base.heapAfterGcMb;
      verdict(`per-sleeve overhead at ${r.n}`, `${ov.toFixed(2)}×`, Math.abs(ov - 1) <= 0.1, 'within ±10 %');
      verdict(`engine peak RSS at ${r.n}`, `${rss.toFixed(2)}×`, Math.abs(rss - 1) <= 0.1, 'within ±10 %');
      verdict(`engine heap after GC at ${r.n}`, `${heap.toFixed(2)}×`, Math.abs(heap - 1) <= 0.1, 'within ±10 %');
      // The heap less V8's code spaces: the objects the engine keeps (compiled code grows as more functions get hot).
      const data = r.dataHeapMb / base.dataHeapMb;
      verdict(`engine data heap after GC at ${r.n}`, `${data.toFixed(2)}×`, Math.abs(data - 1) <= 0.1, 'within ±10 %');
    }
  }
  console.log(missed ? `\n${missed} target(s) missed` : '\nall targets met');
}

module.exports = { sleeveWorkspace, plainWorkspace, engineRun };
if (require.main === module) main();
