#!/usr/bin/env node
// Slurm backend benchmarks (`npm run bench -- slurm`; needs the cluster of tools/slurm/start.sh).
//  1. No-op sleeve, one at a time: slurm backend vs local backend, interleaved (target ≤ 3x local).
//  2. 8 CPU-bound sleeves (~UNIT_S s of CPU each, default 1) on the cluster vs ideal = 8 × unit / cluster cpus
//     (target ≤ 1.2x), and the local backend on the same cpus for comparison.
// BENCH_ROUNDS (default 6), BENCH_POLL_MS (squeue interval, default 100), BENCH_UNIT_S.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');

const dist = path.resolve(__dirname, '../../packages/nx-sleeves/dist');
if (!fs.existsSync(path.join(dist, 'worker/slurm-main.js'))) {
  console.error(`${dist}/worker/slurm-main.js is missing: run npm run build first`);
  process.exit(1);
}
let clusterCpus;
try {
  clusterCpus = execFileSync('sinfo', ['-h', '-o', '%C'], { encoding: 'utf8' }) // allocated/idle/other/total
    .trim()
    .split('\n')
    .reduce((s, l) => s + Number(l.split('/')[3] || 0), 0);
} catch (e) {
  console.error(`no Slurm cluster (sinfo failed: ${e.message.split('\n')[0]}); start one with sudo tools/slurm/start.sh`);
  process.exit(1);
}
const { SleeveComputeEngine } = require(path.join(dist, 'engine/index.js'));

const ROUNDS = Number(process.env.BENCH_ROUNDS || 6);
const POLL_MS = Number(process.env.BENCH_POLL_MS || 100);
const UNIT_S = Number(process.env.BENCH_UNIT_S || 1);
const { calibrateWork, engineFixture, median, now } = require('./shared');

const { root, lake, noop, busy, work: WORK } = engineFixture('nxs-bench-slurm-');

const slurm = (extra = {}) => ({ backend: 'slurm', slurm: { pollMs: POLL_MS }, onLine: () => {}, ...extra });
const local = (cpus) => ({ backend: 'local', cpus, memoryMb: 4096, onLine: () => {} });

let seq = 0;
function sleeve(pipeline, extra = {}) {
  const profile = `b${seq++}`;
  return {
    profile,
    runId: `bench${process.pid}`,
    pipeline,
    lakehouse: lake,
    outputPath: path.join(root, 'out', profile),
    workspaceRoot: root,
    memoryMb: 256,
    ...extra,
  };
}
async function timed(engine, specs) {
  const t = now();
  const rs = await engine.executeSleeves(specs);
  const ms = now() - t;
  for (const r of rs) if (r.status !== 'success') throw new Error(`${r.name} ended ${r.status}: ${r.error}`);
  return ms;
}

async function overhead() {
  const s = new SleeveComputeEngine(slurm());
  const l = new SleeveComputeEngine(local(1));
  await timed(s, [sleeve(noop)]);
  await timed(l, [sleeve(noop)]);
  const onSlurm = [];
  const onLocal = [];
  for (let i = 0; i < ROUNDS; i++) {
    onLocal.push(await timed(l, [sleeve(noop)]));
    onSlurm.push(await timed(s, [sleeve(noop)]));
  }
  await s.shutdown();
  await l.shutdown();
  return { slurm: median(onSlurm), local: median(onLocal), min: Math.min(...onSlurm), max: Math.max(...onSlurm) };
}

const calibrate = () => calibrateWork(WORK, 1000 * UNIT_S);
function unitCpuMs(n) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [
      '-e',
      `${WORK}; const c = process.cpuUsage(); work(${n}); const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`,
    ]);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('exit', () => resolve(Number(out)));
  });
}

async function eight() {
  const n = calibrate();
  const single = await unitCpuMs(n);
  const s = new SleeveComputeEngine(slurm());
  await timed(s, [sleeve(noop)]); // warm-up
  const wall = await timed(
    s,
    Array.from({ length: 8 }, () => sleeve(busy, { options: { n } })),
  );
  await s.shutdown();
  const l = new SleeveComputeEngine(local(clusterCpus));
  await timed(l, [sleeve(noop)]);
  const localWall = await timed(
    l,
    Array.from({ length: 8 }, () => sleeve(busy, { options: { n } })),
  );
  await l.shutdown();
  return { single, ideal: (8 * single) / clusterCpus, wall, localWall };
}

(async () => {
  try {
    const o = await overhead();
    const e = await eight();
    const rows = [
      [
        'no-op sleeve, one at a time: slurm vs local',
        `${o.slurm.toFixed(0)} ms vs ${o.local.toFixed(0)} ms (slurm ${o.min.toFixed(0)}–${o.max.toFixed(0)} ms)`,
        `${(o.slurm / o.local).toFixed(2)}x`,
        '≤ 3x',
      ],
      [
        `8 × ~${UNIT_S} s CPU sleeves on the cluster (${clusterCpus} cpus) vs ideal`,
        `${(e.wall / 1000).toFixed(2)} s vs ${(e.ideal / 1000).toFixed(2)} s`,
        `${(e.wall / e.ideal).toFixed(2)}x`,
        '≤ 1.2x',
      ],
      [`same 8 on the local backend, ${clusterCpus} cpus`, `${(e.localWall / 1000).toFixed(2)} s`, `${(e.localWall / e.ideal).toFixed(2)}x`, ''],
      // Both backends measured back to back on the same machine: the load shows in both.
      [
        '8 sleeves: slurm wall vs local wall',
        `${(e.wall / 1000).toFixed(2)} s vs ${(e.localWall / 1000).toFixed(2)} s`,
        `${(e.wall / e.localWall).toFixed(2)}x`,
        '',
      ],
    ];
    console.log(
      `slurm backend benchmarks (${os.availableParallelism()} cpus here, load ${os.loadavg()[0].toFixed(1)}, pollMs ${POLL_MS}, median of ${ROUNDS})`,
    );
    console.log('| measure | time | ratio | target |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
