// Helpers shared by the benchmark scripts (not a benchmark itself: run.js only picks *.bench.js).
const { spawn } = require('node:child_process');

/** Seeded PRNG (mulberry32): the same seed gives the same stream on every machine, so runs are comparable. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The median (upper middle for an even count), the figure every benchmark quotes. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds from a monotonic clock. */
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The engine benchmarks' scratch folder: a one-file lakehouse, a no-op pipeline and a CPU-bound one that does a
 * fixed amount of work (`ctx.options.n` iterations, not a fixed duration, so contention shows as longer wall time).
 */
function engineFixture(prefix) {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const lake = path.join(root, 'lake');
  fs.mkdirSync(lake);
  fs.writeFileSync(path.join(lake, 'A_B_1d.parquet'), 'x');
  const noop = path.join(root, 'noop.js');
  fs.writeFileSync(noop, 'exports.run = async () => {};\n');
  const work = 'function work(n) { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i) * Math.sin(i); return x; }';
  const busy = path.join(root, 'busy.js');
  fs.writeFileSync(busy, `${work}\nexports.run = async (ctx) => { ctx.log('x=' + (work(ctx.options.n) > 0)); };\n`);
  return { root, lake, noop, busy, work };
}

/**
 * Iterations of the fixture's `work` that take about `targetMs` of CPU time in this process (CPU, not wall: the
 * machine may be shared), found by doubling until one run takes over 200 ms, then scaling.
 */
function calibrateWork(workSource, targetMs) {
  const work = new Function(`${workSource}; return work;`)();
  const cpuNow = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  for (let n = 2e6; ; n *= 2) {
    const t = cpuNow();
    work(n);
    const dt = cpuNow() - t;
    if (dt > 200) return Math.round((n * targetMs) / dt);
  }
}

/** CPU ms (user + system) of `work(n)` in a fresh node process: the unit a CPU-bound benchmark sleeve does. */
function unitCpuMs(workSource, n) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [
      '-e',
      `${workSource}; const c = process.cpuUsage(); work(${n}); const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`,
    ]);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('exit', () => resolve(Number(out)));
  });
}

/** The env of the Nx benchmarks' runs: no daemon, no cloud, no TUI, plugins in-process, a 2-cpu engine budget. */
const NX_BENCH_ENV = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  CI: 'true',
  NX_SLEEVES_CPUS: '2',
  NX_SLEEVES_MEMORY_MB: '4096',
};

module.exports = { mulberry32, median, now, engineFixture, calibrateWork, unitCpuMs, NX_BENCH_ENV };
