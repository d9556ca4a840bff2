#!/usr/bin/env node
// Numerics speed: covariance(252 days × 150 assets), each optimiser at n = 150, and a whole sleeve
// (150 assets, 10 years = 2,520 days, monthly rebalancing: ~110 × (covariance of a 252-day window + optimiser)).
// Targets are ratios against a baseline measured in this run — a plain nested-array covariance of the
// same window, the obvious implementation — so they hold on slow and fast machines alike.
// Run: npm run bench -- numerics   (or: node tools/bench/numerics.bench.js after building libs/pipeline)
const path = require('node:path');
const fs = require('node:fs');

const dist = path.join(__dirname, '..', '..', 'libs', 'pipeline', 'dist', 'numerics', 'index.js');
if (!fs.existsSync(dist)) {
  console.error(`numerics.bench: ${dist} is missing; build first: npx tsc -b libs/pipeline/tsconfig.lib.json`);
  process.exit(1);
}
const N = require(dist);

const ASSETS = 150;
const DAYS = 2520;
const WINDOW = 252;
const STEP = 21;

// Seeded factor-model returns: market + 5 sectors + idiosyncratic noise, fat-ish tails via a t-like mix.
const { mulberry32 } = require('./shared');
function returnsMatrix(seed, days, assets) {
  const rand = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const beta = Array.from({ length: assets }, () => 0.4 + 1.2 * rand());
  const vol = Array.from({ length: assets }, () => 0.005 + 0.025 * rand());
  const m = [];
  for (let d = 0; d < days; d++) {
    const mkt = 0.01 * g();
    const sec = Array.from({ length: 5 }, () => 0.006 * g());
    const shock = rand() < 0.02 ? 3 : 1;
    m.push(Array.from({ length: assets }, (_, a) => 0.0003 + beta[a] * mkt + sec[a % 5] + shock * vol[a] * g()));
  }
  return m;
}

function naiveCovariance(m) {
  const t = m.length;
  const n = m[0].length;
  const mu = new Array(n).fill(0);
  for (const row of m) for (let a = 0; a < n; a++) mu[a] += row[a] / t;
  const c = [];
  for (let i = 0; i < n; i++) {
    c.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < t; d++) s += (m[d][i] - mu[i]) * (m[d][j] - mu[j]);
      c[i].push(s / (t - 1));
    }
  }
  return c;
}

/** Median wall time in ms of fn over `runs` runs after `warm` warm-up runs. */
function time(fn, runs = 15, warm = 3) {
  for (let i = 0; i < warm; i++) fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const data = returnsMatrix(20161, DAYS, ASSETS);
const window = data.slice(DAYS - WINDOW);
const cov = N.covariance(window);

const baseline = time(() => naiveCovariance(window), 7, 2);
const engines = {
  equal_weight: () => N.equalWeight(ASSETS),
  inverse_vol: (c) => N.inverseVol(c),
  min_variance: (c) => N.minVariance(c, { maxWeight: 0.1 }),
  'min_variance (no cap)': (c) => N.minVariance(c),
  risk_parity: (c) => N.riskParity(c),
  hrp: (c) => N.hrp(c),
  // μ = mean daily return of the window, as the pipeline passes it
  max_sharpe: (c, w) => N.maxSharpe(c, meanColumns(w), { maxWeight: 0.1 }),
};

function meanColumns(w) {
  const mu = new Array(w[0].length).fill(0);
  for (const r of w) for (let j = 0; j < mu.length; j++) mu[j] += r[j] / w.length;
  return mu;
}

// Per-operation targets (× baseline) and whole-sleeve targets (× baseline); generous against noise.
const OP_TARGET = { covariance: 1, equal_weight: 0.05, inverse_vol: 0.2, min_variance: 3, 'min_variance (no cap)': 3, risk_parity: 5, hrp: 5, max_sharpe: 10 };
const SLEEVE_TARGET = 150; // 109 rebalances of covariance + optimiser (observed 20–65× on a loaded 2-core box)

const rows = [];
let failed = 0;
const row = (name, ms, target) => {
  const ratio = ms / baseline;
  const ok = ratio <= target;
  if (!ok) failed++;
  rows.push({ name, ms: ms.toFixed(2), 'x baseline': ratio.toFixed(3), target: `≤ ${target}`, ok: ok ? 'ok' : 'SLOW' });
};

row(
  'covariance 252×150',
  time(() => N.covariance(window)),
  OP_TARGET.covariance,
);
for (const [name, fn] of Object.entries(engines))
  row(
    `${name} n=150`,
    time(() => fn(cov, window), 9, 2),
    OP_TARGET[name],
  );

const rebalances = [];
for (let end = WINDOW; end <= DAYS; end += STEP) rebalances.push(end);
for (const [name, fn] of Object.entries(engines)) {
  const s = process.hrtime.bigint();
  for (const end of rebalances) {
    const w = data.slice(end - WINDOW, end);
    fn(N.covariance(w), w);
  }
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  row(`sleeve ${name} (${rebalances.length} rebalances)`, ms, SLEEVE_TARGET);
}

console.log(`baseline: naive nested-array covariance 252×150 = ${baseline.toFixed(2)} ms (node ${process.version})`);
console.table(rows);
if (failed) {
  console.error(`numerics.bench: ${failed} target(s) missed`);
  process.exit(1);
}
