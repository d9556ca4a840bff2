#!/usr/bin/env node
// Slurm backend benchmarks (`npm run bench -- slurm`; needs the cluster of tools/slurm/start.sh).
//  1. No-op sleeve, one at a time: slurm backend vs local backend, interleaved (target ≤ 3x local).
//  2. 8 CPU-bound sleeves (~UNIT_S s of CPU each, default 1) on the cluster vs ideal = 8 × unit / cluster cpus
//     (target ≤ 1.2x), and the local backend on the same cpus for comparison.
//  3. The same two measures in pilot mode (slurm.mode 'pilot': one pilot job of all the cluster's cpus pulls the
//     sleeves from a queue folder and runs them as the local backend does; the pilot outlives each batch).
//  4. Where a lone no-op sleeve's time goes on the cluster, per phase (median), from slurmctld's and slurmd's own
//     logs (millisecond timestamps) and the worker's phase marks (NX_SLEEVES_TRACE); printed only where the logs are
//     readable (the test cluster of tools/slurm/).
// BENCH_ROUNDS (default 6; no-op rounds), BENCH_EIGHT_ROUNDS (default 3; 8-sleeve rounds per backend), BENCH_POLL_MS
// (squeue interval, default 100), BENCH_UNIT_S.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const dist = path.resolve(__dirname, '../../packages/nx-sleeves/dist');
if (!fs.existsSync(path.join(dist, 'worker/slurm-main.bundle.js'))) {
  console.error(`${dist}/worker/slurm-main.bundle.js (what each job runs) is missing: run npm run build first`);
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
const EIGHT_ROUNDS = Number(process.env.BENCH_EIGHT_ROUNDS || 3);
const { calibrateWork, engineFixture, median, mulberry32, now, unitCpuMs } = require('./shared');

const { root, lake, noop, busy, work: WORK } = engineFixture('nxs-bench-slurm-');
const TRACE = path.join(root, 'trace.jsonl');
process.env.NX_SLEEVES_TRACE = TRACE; // the worker's phase marks, for the breakdown

const slurm = (extra = {}) => ({ backend: 'slurm', slurm: { pollMs: POLL_MS }, onLine: () => {}, ...extra });
const pilot = () => ({
  backend: 'slurm',
  slurm: { pollMs: POLL_MS, mode: 'pilot', pilots: 1, pilotCpus: clusterCpus, pilotMemoryMb: 2048 },
  onLine: () => {},
});
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
const lone = []; // { name, start, end } in wall-clock ms: the slurm no-op sleeves, for the breakdown
async function timed(engine, specs, record) {
  const wallStart = Date.now();
  const t = now();
  const rs = await engine.executeSleeves(specs);
  const ms = now() - t;
  for (const r of rs) if (r.status !== 'success') throw new Error(`${r.name} ended ${r.status}: ${r.error}`);
  if (record) lone.push({ name: `${specs[0].profile}-${specs[0].runId}`, profile: specs[0].profile, start: wallStart, end: Date.now() });
  return ms;
}

/**
 * Per-phase medians (ms) of the recorded no-op sleeves, from the cluster's logs (iso8601_ms local time) and the
 * worker's marks; undefined where the logs cannot be read.
 */
function breakdown() {
  let ctld, slurmd, ids;
  try {
    const conf = execFileSync('scontrol', ['show', 'config'], { encoding: 'utf8' });
    const file = (k) => new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(conf)?.[1];
    ctld = fs.readFileSync(file('SlurmctldLogFile'), 'utf8').split('\n');
    slurmd = fs.readFileSync(file('SlurmdLogFile'), 'utf8').split('\n');
    ids = new Map(
      execFileSync('squeue', ['-h', '-t', 'all', '-o', '%j|%i'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.split('|')),
    );
  } catch {
    return undefined;
  }
  const at = (lines, needle) => {
    const l = lines.findLast((x) => x.includes(needle));
    return l ? new Date(l.slice(1, 24)).getTime() : NaN; // [2026-12-02T07:09:42.855]
  };
  const marks = new Map();
  try {
    for (const l of fs.readFileSync(TRACE, 'utf8').trim().split('\n')) {
      const t = JSON.parse(l);
      marks.set(t.sleeve, t.worker);
    }
  } catch {
    /* no marks */
  }
  const rows = lone
    .map((r) => {
      const id = ids.get(r.name);
      if (!id) return undefined;
      const submitted = at(ctld, `_slurm_rpc_submit_batch_job: JobId=${id} `);
      const allocated = at(ctld, `Allocate JobId=${id} `);
      const launched = at(slurmd, `Launching batch job ${id} `);
      const done = at(ctld, `_job_complete: JobId=${id} done`);
      const w = marks.get(r.profile);
      return {
        'engine start → sbatch accepted': submitted - r.start,
        'submitted → allocated (slurmctld loop)': allocated - submitted,
        'allocated → slurmd launches': launched - allocated,
        'slurmd launch → job done (slurmstepd + node + worker)': done - launched,
        '… of which the worker process, start → end': w?.end,
        'job done in slurmctld → engine result': r.end - done,
        'total (engine)': r.end - r.start,
      };
    })
    .filter(Boolean);
  if (rows.length === 0) return undefined;
  return Object.keys(rows[0]).map((k) => [k, median(rows.map((r) => r[k]).filter((v) => Number.isFinite(v)))]);
}

async function overhead(mode = slurm) {
  const s = new SleeveComputeEngine(mode());
  const l = new SleeveComputeEngine(local(1));
  await timed(s, [sleeve(noop)]);
  await timed(l, [sleeve(noop)]);
  const onSlurm = [];
  const onLocal = [];
  // slurmctld starts a submitted job at its next once-a-second pass: back-to-back rounds would keep hitting the
  // same phase of that loop (measured: ≈ 0.9 s wait every round). A seeded random pause (not timed) spreads them,
  // as sleeves arriving on their own would be.
  const rand = mulberry32(7);
  for (let i = 0; i < ROUNDS; i++) {
    onLocal.push(await timed(l, [sleeve(noop)]));
    await new Promise((r) => setTimeout(r, rand() * 1000));
    onSlurm.push(await timed(s, [sleeve(noop)], mode === slurm));
  }
  await s.shutdown();
  await l.shutdown();
  return { slurm: median(onSlurm), local: median(onLocal), min: Math.min(...onSlurm), max: Math.max(...onSlurm) };
}

const calibrate = () => calibrateWork(WORK, 1000 * UNIT_S);

/**
 * 8 CPU-bound sleeves on the cluster and on the local backend, EIGHT_ROUNDS times alternating (one engine each, warmed
 * up first), medians: one 8-sleeve run swings by ± 10 % on this shared box.
 */
async function eight(mode = slurm) {
  const n = calibrate();
  const single = await unitCpuMs(WORK, n);
  const s = new SleeveComputeEngine(mode());
  const l = new SleeveComputeEngine(local(clusterCpus));
  await timed(s, [sleeve(noop)]); // warm-up (in pilot mode: the pilot job starts)
  await timed(l, [sleeve(noop)]);
  const walls = [];
  const localWalls = [];
  const batch = () => Array.from({ length: 8 }, () => sleeve(busy, { options: { n } }));
  for (let i = 0; i < EIGHT_ROUNDS; i++) {
    walls.push(await timed(s, batch()));
    localWalls.push(await timed(l, batch()));
  }
  await s.shutdown();
  await l.shutdown();
  return { single, ideal: (8 * single) / clusterCpus, wall: median(walls), localWall: median(localWalls) };
}

(async () => {
  try {
    const o = await overhead();
    const e = await eight();
    const po = await overhead(pilot);
    const pe = await eight(pilot);
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
      [
        'pilot mode: no-op sleeve, one at a time, vs local',
        `${po.slurm.toFixed(0)} ms vs ${po.local.toFixed(0)} ms (pilot ${po.min.toFixed(0)}–${po.max.toFixed(0)} ms)`,
        `${(po.slurm / po.local).toFixed(2)}x`,
        '≤ 3x',
      ],
      [
        `pilot mode: 8 × ~${UNIT_S} s CPU sleeves vs ideal (local backend ${(pe.localWall / pe.ideal).toFixed(2)}x)`,
        `${(pe.wall / 1000).toFixed(2)} s vs ${(pe.ideal / 1000).toFixed(2)} s`,
        `${(pe.wall / pe.ideal).toFixed(2)}x`,
        '≤ 1.2x',
      ],
    ];
    console.log(
      `slurm backend benchmarks (${os.availableParallelism()} cpus here, load ${os.loadavg()[0].toFixed(1)}, pollMs ${POLL_MS}, medians of ${ROUNDS} no-op and ${EIGHT_ROUNDS} 8-sleeve rounds)`,
    );
    console.log('| measure | time | ratio | target |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    const phases = breakdown();
    if (phases) {
      console.log(`\nlone no-op sleeve on the cluster, per phase (median of ${lone.length}; from slurmctld/slurmd logs and the worker's marks)`);
      console.log('| phase | ms |\n|---|---|');
      for (const [k, v] of phases) console.log(`| ${k} | ${v === undefined ? '–' : v.toFixed(0)} |`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
