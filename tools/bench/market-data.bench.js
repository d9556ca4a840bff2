#!/usr/bin/env node
// The full synthetic lakehouse (93 symbols, 10 years) is generated on a cold `nx run-many -t sleeve`,
// inside its 90 s budget. Measured: simulate only, and the whole generator (simulate + Parquet encode +
// temp/rename writes + catalog). Baseline in the same run: simulate + the naive persistence (each
// symbol's bars as JSON, writeFileSync). Target: the generator costs at most 2.5× that baseline.
// Run: npm run bench -- market-data   (or: node tools/bench/market-data.bench.js after building libs/pipeline)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const distDir = path.join(__dirname, '..', '..', 'libs', 'pipeline', 'dist', 'lakehouse');
if (!fs.existsSync(path.join(distDir, 'index.js'))) {
  console.error(`market-data.bench: ${distDir}/index.js is missing; build first: npx tsc -b libs/pipeline/tsconfig.lib.json`);
  process.exit(1);
}
const { generateLakehouse } = require(path.join(distDir, 'index.js'));
const sim = require(path.join(distDir, 'generator', 'simulate.js'));
const TARGET = 2.5;

const ms = (s) => Number(process.hrtime.bigint() - s) / 1e6;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-md-'));
  const opts = { seed: 42, years: 10, endDate: '2025-12-31', scale: 'full' };
  try {
    await generateLakehouse({ outDir: path.join(tmp, 'warmup'), scale: 'small' }); // load + JIT the encoder
    const runs = { simulate: [], json: [], generator: [] };
    let symbols = 0;
    for (let rep = 0; rep < 2; rep++) {
      let s = process.hrtime.bigint();
      const market = sim.simulateMarket(opts);
      const all = sim.symbolsFor('full').map((spec) => sim.simulateSymbol(spec, market));
      runs.simulate.push(ms(s));

      s = process.hrtime.bigint();
      const m2 = sim.simulateMarket(opts);
      const jsonDir = path.join(tmp, `json${rep}`);
      fs.mkdirSync(jsonDir);
      for (const spec of sim.symbolsFor('full')) {
        const { bars, info } = sim.simulateSymbol(spec, m2);
        const plain = { ...bars, open: [...bars.open], high: [...bars.high], low: [...bars.low], close: [...bars.close], volume: [...bars.volume] };
        fs.writeFileSync(path.join(jsonDir, `${info.id}.json`), JSON.stringify(plain));
      }
      runs.json.push(ms(s));

      s = process.hrtime.bigint();
      symbols = (await generateLakehouse({ outDir: path.join(tmp, `lh${rep}`), seed: 42 })).symbols;
      runs.generator.push(ms(s));
      if (all.length !== symbols) throw new Error('symbol count mismatch');
    }
    const best = (a) => Math.min(...a);
    const baseline = best(runs.json);
    const ratio = best(runs.generator) / baseline;
    const bytes = fs.readdirSync(path.join(tmp, 'lh0')).reduce((n, f) => n + fs.statSync(path.join(tmp, 'lh0', f)).size, 0);
    console.log(`${symbols} symbols, 10 years, ${(bytes / 1048576).toFixed(1)} MiB of Parquet (node ${process.version}, best of 2)`);
    console.table([
      { run: 'simulate only', ms: best(runs.simulate).toFixed(0), 'x baseline': (best(runs.simulate) / baseline).toFixed(2), target: '', ok: '' },
      { run: 'baseline: simulate + JSON files', ms: baseline.toFixed(0), 'x baseline': '1.00', target: '', ok: '' },
      {
        run: 'generator (Parquet + catalog)',
        ms: best(runs.generator).toFixed(0),
        'x baseline': ratio.toFixed(2),
        target: `≤ ${TARGET}`,
        ok: ratio <= TARGET ? 'ok' : 'SLOW',
      },
    ]);
    if (ratio > TARGET) {
      console.error('market-data.bench: target missed');
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
