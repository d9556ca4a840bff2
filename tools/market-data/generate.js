#!/usr/bin/env node
/**
 * Writes the synthetic lakehouse: `node tools/market-data/generate.js --out data/lakehouse --seed 42`
 * Options: --out <dir> (default data/lakehouse), --seed <n> (42), --years <n> (10; small: 3),
 * --scale full|small (full), --end-date YYYY-MM-DD (2025-12-31).
 * Runs the compiled generator in libs/pipeline/dist (built by `npm install`/`npm run build`; built
 * here on demand when missing).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'libs', 'pipeline', 'dist', 'lakehouse', 'index.js');

function parseArgs(argv) {
  const opts = { outDir: 'data/lakehouse' };
  const flags = { '--out': 'outDir', '--seed': 'seed', '--years': 'years', '--scale': 'scale', '--end-date': 'endDate' };
  for (let i = 0; i < argv.length; i++) {
    const key = flags[argv[i]];
    if (!key) throw new Error(`generate: unknown option ${argv[i]} (expected ${Object.keys(flags).join(', ')})`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`generate: ${argv[i - 1]} needs a value`);
    if (key === 'seed' || key === 'years') {
      if (!/^\d+$/.test(v)) throw new Error(`generate: ${argv[i - 1]}: expected a non-negative integer, got ${JSON.stringify(v)}`);
      opts[key] = Number(v);
    } else opts[key] = v;
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(DIST)) {
    process.stdout.write('market-data: building libs/pipeline (dist missing)\n');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-b', 'libs/pipeline/tsconfig.lib.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const { generateLakehouse } = require(DIST);
  const t0 = process.hrtime.bigint();
  const outDir = path.resolve(opts.outDir);
  const r = await generateLakehouse({ ...opts, outDir });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(
    `market-data: wrote ${r.symbols} symbols (${r.files} files) to ${path.relative(process.cwd(), outDir) || '.'} in ${(ms / 1000).toFixed(1)} s\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
