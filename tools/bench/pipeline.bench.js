#!/usr/bin/env node
// Production pipeline speed, end to end (Parquet read, health audit, returns matrix, selection,
// walk-forward backtest, reports): 150 assets × 10 years (2,520 weekdays) with monthly rebalancing
// (train 252, step 21: ~108 rebalances), once per risk engine, each in a fresh node process.
// Baseline measured in the same run: the same process doing only the data part (read 150 Parquet
// files + health audit + returns matrix, via a 'data-only' run whose backtest never rebalances).
// Target: every engine's whole run within 4× the data-only baseline and under 15 s on 2 cores.
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

const { mulberry32 } = require('./shared');

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
