#!/usr/bin/env node
// Build step after tsc: bundles the code a sleeve process loads into one CommonJS file per package, with esbuild.
// A sleeve is a one-shot process, so loading modules is a fixed cost of every sleeve: the worker's 13 files took ≈ 33
// ms of CPU and the pipeline's 81 files ≈ 65 ms, plus hyparquet's ES modules at the first read; as one file each
// ≈ 14 and ≈ 36 ms (docs/pipeline.md "One file per sleeve": a sample-size sleeve costs 0.79× the CPU).
// esbuild bundles the tsc output (tsc stays the only compiler; the bundle is a packaging step), keeps `require`s
// whose path is only known at run time as they are, and turns the ES modules it bundles into lazy CommonJS
// initialisers, so a module required inside a function is still evaluated only on first use.
//
// Usage: node tools/build/bundle.js [package dir ...]   (no argument: every package below)
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..', '..');

/**
 * What each package bundles. Every output stays in `dist/` at the depth its code expects for `__dirname`-relative
 * paths (the pipeline's `schema/` two folders up; the worker's `../process/process-table` for its orphan guard).
 */
const BUNDLES = {
  'packages/nx-sleeves': [
    // Every sleeve process runs it (through worker/pool-entry.ts, engine/pool.ts WORKER_FILE), in pilot mode on a node too.
    { entry: 'dist/worker/sleeve-worker.js', outfile: 'dist/worker/sleeve-worker.bundle.js', external: [] },
    // The Slurm backend's job-mode entry: one per sleeve on a node (engine/backends/slurm/slurm-attempt.ts).
    { entry: 'dist/worker/slurm-main.js', outfile: 'dist/worker/slurm-main.bundle.js', external: [] },
  ],
  'libs/pipeline': [
    // The package's main entry (package.json "." → run(context) and the library): what a module sleeve loads.
    // ajv only compiles a schema whose precompiled validator is stale; the Parquet writer and the extra codecs are
    // for writing and for non-Snappy files: all three stay out and load from node_modules when needed.
    { entry: 'dist/index.js', outfile: 'dist/bundle/index.js', external: ['ajv', 'hyparquet-writer', 'hyparquet-compressors'] },
  ],
};

async function bundle(pkgDir) {
  const specs = BUNDLES[pkgDir];
  if (!specs) throw new Error(`bundle: no bundle is defined for "${pkgDir}" (known: ${Object.keys(BUNDLES).join(', ')})`);
  const esbuild = require('esbuild');
  for (const { entry, outfile, external } of specs) {
    const from = path.join(root, pkgDir, entry);
    const to = path.join(root, pkgDir, outfile);
    if (!fs.existsSync(from)) throw new Error(`bundle: ${path.relative(root, from)} is missing; run tsc -b first`);
    const tmp = `${to}.${process.pid}.tmp`;
    const result = await esbuild.build({
      entryPoints: [from],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external,
      logLevel: 'silent',
      legalComments: 'eof',
    });
    // A warning here would mean code the bundle cannot carry (e.g. import.meta of an ES module): stop the build.
    if (result.warnings.length) {
      fs.rmSync(tmp, { force: true });
      const w = result.warnings[0];
      throw new Error(`bundle: ${path.relative(root, from)}: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}`);
    }
    fs.renameSync(tmp, to); // a reader never sees a half-written bundle
  }
}

async function main() {
  const dirs = process.argv.slice(2).map((d) => path.relative(root, path.resolve(d)).split(path.sep).join('/'));
  for (const dir of dirs.length ? dirs : Object.keys(BUNDLES)) await bundle(dir);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
