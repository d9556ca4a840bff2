#!/usr/bin/env node
// Production pipeline speed, two parts, each sleeve in a fresh node process running the compiled run(context) bare.
//
// 1. Sample-size sleeves (issue 13: "halve the pipeline's own time"): 26 US symbols × 1,000 days, monthly
//    rebalancing (train 252, step 21), HRP, momentum and Sharpe selection, like apps/us-tech-momentum-hrp and the
//    real benchmark's sleeves. Reports the pipeline's own time per sleeve, medians over all runs: wall ms from
//    require(index) to the end of run() and CPU ms of the process over that span (process.cpuUsage, so a busy
//    machine inflates it less than wall time; node's own start-up is excluded from both). With
//    BENCH_PIPELINE_BASELINE=<another build's libs/pipeline/dist> (e.g. /work/main/libs/pipeline/dist) the same
//    sleeves also run on that build, alternating with this one, and the table gives the ratios (this / baseline):
//    a figure, not an assertion. BENCH_PIPELINE_SAMPLE_RUNS (default 6) runs per build.
// 2. Scale: 150 assets × 10 years (2,520 weekdays) with monthly rebalancing (~108 rebalances), once per risk
//    engine. Baseline measured in the same run: the same process doing only the data part (read 150 Parquet
//    files + health audit + returns matrix, via a 'data-only' run whose backtest never rebalances).
//    Target: every engine's whole run within 4× the data-only baseline and under 15 s on 2 cores.
//    BENCH_PIPELINE_SCALE=0 skips it.
// Run: npm run bench -- pipeline   (or: node tools/bench/pipeline.bench.js after building libs/pipeline)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'libs', 'pipeline', 'dist', 'index.js');
if (!fs.existsSync(dist)) {
  console.error(`pipeline.bench: ${dist} is missing; build first: npx tsc -b libs/pipeline/tsconfig.lib.json`);
  process.exit(1);
}
const driver = path.join(root, 'libs', 'pipeline', 'e2e', 'fixtures', 'run-pipeline.js');
const ASSETS = 150;
const DAYS = 2520;

const { median, mulberry32 } = require('./shared');
const SAMPLE_RUNS = Number(process.env.BENCH_PIPELINE_SAMPLE_RUNS ?? 6);
const BASELINE = process.env.BENCH_PIPELINE_BASELINE;

// The child: loads one build's pipeline and runs one sleeve; prints { wallMs, cpuMs } of that span.
const SLEEVE_CHILD = `
const path = require('node:path'), fs = require('node:fs');
const [dist, cfgJson] = process.argv.slice(1);
const cfg = JSON.parse(cfgJson);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
// What a sleeve loads from that build: its one-file bundle (package.json ".") where the build has one.
const bundled = path.join(dist, 'bundle', 'index.js');
const { run } = require(fs.existsSync(bundled) ? bundled : path.join(dist, 'index.js'));
const artifactsDir = path.join(cfg.sandboxDir, 'artifacts'), logsDir = path.join(cfg.sandboxDir, 'logs');
fs.mkdirSync(artifactsDir, { recursive: true });
fs.mkdirSync(logsDir, { recursive: true });
const ctx = { ...cfg, artifactsDir, logsDir, cpus: 1, memoryMb: 1024, env: {}, options: {}, log: () => {}, progress: () => {}, signal: new AbortController().signal };
run(ctx).then(() => {
  const c = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 }));
}, (e) => { console.error(e && e.message); process.exit(1); });
`;

/** 26 symbols × 1,000 weekdays of one US market (the real benchmark's lakehouse), and four sample-kind profiles. */
async function makeSampleWorkspace(ws) {
  const { writeBarsParquet, writeCatalog } = require(dist);
  const lakehouse = path.join(ws, 'data', 'lakehouse');
  fs.mkdirSync(lakehouse, { recursive: true });
  const rnd = mulberry32(11);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const dates = [];
  const d = new Date('2021-01-04T00:00:00Z');
  while (dates.length < 1000) {
    if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  const market = dates.map(() => gauss() * 0.009);
  const symbols = [];
  for (let a = 0; a < 26; a++) {
    const symbol = `S${String(a).padStart(2, '0')}`;
    const id = `NYSE_${symbol}`;
    const close = new Float64Array(dates.length);
    let p = 20 + 100 * rnd();
    const drift = (rnd() - 0.3) * 0.0008;
    for (let i = 0; i < dates.length; i++) close[i] = p *= Math.exp(drift + (0.6 + rnd() * 0.8) * market[i] + gauss() * 0.012);
    const volume = new Float64Array(dates.length).fill(1e6);
    await writeBarsParquet(path.join(lakehouse, `${id}_1d.parquet`), { id, dates, open: close, high: close, low: close, close, volume });
    symbols.push({ id, exchange: 'NYSE', symbol, market: 'us_equity', assetClass: 'equity', sector: `sector${a % 5}`, file: `${id}_1d.parquet` });
  }
  writeCatalog(lakehouse, { version: 1, symbols });
  fs.writeFileSync(path.join(ws, 'sleeve.defaults.json'), fs.readFileSync(path.join(root, 'sleeve.defaults.json')));
  const names = [];
  for (let i = 0; i < 4; i++) {
    const name = `sample-${i}`;
    fs.mkdirSync(path.join(ws, 'apps', name), { recursive: true });
    fs.writeFileSync(
      path.join(ws, 'apps', name, 'sleeve.json'),
      JSON.stringify({
        name,
        universe: { market: 'us_equity' },
        data: { lookbackDays: 1000, minDaysFloor: 300 },
        selection: { topN: 8 + i, mode: i % 2 ? 'sharpe' : 'momentum' },
        risk: { engine: 'hrp', maxWeight: 0.25 },
        backtest: { trainWindow: 252, testWindow: 21, stepSize: 21, costBps: 5 + i },
      }),
    );
    names.push(name);
  }
  return { lakehouse, names };
}

function runSampleSleeve(ws, lakehouse, name, buildDist) {
  const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-sample-'));
  try {
    const cfg = { profile: name, runId: 'bench', workspaceRoot: ws, projectRoot: path.join(ws, 'apps', name), sandboxDir, lakehouseDir: lakehouse };
    const out = execFileSync(process.execPath, ['-e', SLEEVE_CHILD, buildDist, JSON.stringify(cfg)], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    fs.rmSync(sandboxDir, { recursive: true, force: true });
  }
}

async function samplePart() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-sample-ws-'));
  try {
    const { lakehouse, names } = await makeSampleWorkspace(ws);
    const builds = [['this build', path.dirname(dist)]];
    if (BASELINE) {
      if (!fs.existsSync(path.join(BASELINE, 'index.js')))
        throw new Error(`BENCH_PIPELINE_BASELINE=${BASELINE}: no index.js there; expected a compiled libs/pipeline/dist`);
      builds.push(['baseline', path.resolve(BASELINE)]);
    }
    const runs = new Map(builds.map(([label]) => [label, []]));
    for (let r = 0; r < SAMPLE_RUNS; r++) {
      // alternate builds sleeve by sleeve, so load on the shared machine hits both alike
      const name = names[r % names.length];
      for (const [label, buildDist] of builds) runs.get(label).push(runSampleSleeve(ws, lakehouse, name, buildDist));
    }
    console.log(
      `pipeline, sample-size sleeves: 26 symbols × 1,000 days, monthly HRP, bare run(context), ${SAMPLE_RUNS} runs per build; load ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log('build        ms/sleeve  CPU ms/sleeve  (medians; module load + run, node start-up excluded)');
    const med = (label, k) => median(runs.get(label).map((x) => x[k]));
    for (const [label] of builds)
      console.log(`${label.padEnd(11)} ${med(label, 'wallMs').toFixed(0).padStart(10)} ${med(label, 'cpuMs').toFixed(0).padStart(14)}`);
    if (BASELINE) {
      const ratio = (k) => med('this build', k) / med('baseline', k);
      console.log(`this build / baseline: ${ratio('wallMs').toFixed(2)}× wall, ${ratio('cpuMs').toFixed(2)}× CPU (baseline ${BASELINE})`);
    }
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

async function makeLakehouse(dir) {
  const { writeBarsParquet, writeCatalog } = require(dist);
  const rnd = mulberry32(7);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const dates = [];
  const d = new Date('2016-01-04T00:00:00Z');
  while (dates.length < DAYS + 1) {
    if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  const market = dates.map(() => gauss() * 0.009);
  const sectors = Array.from({ length: 10 }, () => dates.map(() => gauss() * 0.006));
  const symbols = [];
  for (let a = 0; a < ASSETS; a++) {
    const id = `BENCH_S${String(a).padStart(3, '0')}`;
    const close = new Float64Array(dates.length);
    let p = 50 + 100 * rnd();
    const beta = 0.6 + rnd();
    const drift = (rnd() - 0.3) * 0.0008;
    for (let i = 0; i < dates.length; i++) {
      p *= Math.exp(drift + beta * market[i] + sectors[a % 10][i] + gauss() * (0.008 + 0.01 * rnd()));
      close[i] = p;
    }
    const vol = new Float64Array(dates.length).fill(1e6);
    await writeBarsParquet(path.join(dir, `${id}_1d.parquet`), { id, dates, open: close, high: close, low: close, close, volume: vol });
    symbols.push({
      id,
      exchange: 'BENCH',
      symbol: `S${String(a).padStart(3, '0')}`,
      market: 'us_equity',
      assetClass: 'equity',
      sector: `sector${a % 10}`,
      file: `${id}_1d.parquet`,
    });
  }
  writeCatalog(dir, { version: 1, symbols });
  return symbols.map((s) => s.id);
}

function runOnce(ws, lakehouse, ids, name, risk, backtest) {
  const projectRoot = path.join(ws, 'apps', name);
  fs.mkdirSync(projectRoot, { recursive: true });
  fs.writeFileSync(
    path.join(projectRoot, 'sleeve.json'),
    JSON.stringify({
      name,
      universe: { symbols: ids },
      data: { lookbackDays: DAYS, minDaysFloor: 500, strictHealth: true },
      selection: { topN: ASSETS, threshold: -10, mode: 'sharpe' },
      risk,
      backtest,
    }),
  );
  const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-sandbox-'));
  const t0 = process.hrtime.bigint();
  const out = execFileSync(
    process.execPath,
    [driver, JSON.stringify({ cmd: 'sleeve', workspaceRoot: ws, projectRoot, sandboxDir, lakehouseDir: lakehouse, profile: name, runId: 'bench' })],
    { encoding: 'utf8' },
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(sandboxDir, { recursive: true, force: true });
  const r = JSON.parse(out.trim().split('\n').pop());
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return { secs, detail: r.progress[4] };
}

(async () => {
  await samplePart();
  if (process.env.BENCH_PIPELINE_SCALE === '0') return;
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-pipeline-'));
  try {
    const lakehouse = path.join(ws, 'data', 'lakehouse');
    fs.mkdirSync(lakehouse, { recursive: true });
    const ids = await makeLakehouse(lakehouse);
    const monthly = { trainWindow: 252, testWindow: 21, stepSize: 21, costBps: 10 };
    // data-only baseline: one rebalance (step longer than the data), equal weights
    const base = runOnce(
      ws,
      lakehouse,
      ids,
      'baseline',
      { engine: 'equal_weight', maxWeight: 1, clusterCap: 1 },
      { ...monthly, testWindow: DAYS - 252, stepSize: DAYS - 252 },
    );
    const rows = [];
    for (const engine of ['equal_weight', 'inverse_vol', 'min_variance', 'risk_parity', 'hrp']) {
      const r = runOnce(ws, lakehouse, ids, engine, { engine, maxWeight: 0.05, clusterCap: 1 }, monthly);
      rows.push({ engine, secs: r.secs, ratio: r.secs / base.secs, detail: r.detail });
    }
    console.log(`pipeline: ${ASSETS} assets × ${DAYS} days, monthly rebalancing; baseline (data only, same process setup) ${base.secs.toFixed(2)} s`);
    console.log('engine        seconds  × baseline  target');
    let miss = 0;
    for (const r of rows) {
      const ok = r.ratio <= 4 && r.secs <= 15;
      if (!ok) miss++;
      console.log(`${r.engine.padEnd(13)} ${r.secs.toFixed(2).padStart(7)}  ${r.ratio.toFixed(2).padStart(10)}  ${ok ? 'ok' : 'MISSED (≤ 4× and ≤ 15 s)'}`);
    }
    console.log(miss ? `${miss} engine(s) missed the target` : 'all engines within target');
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
