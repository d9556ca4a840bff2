#!/usr/bin/env node
// Lakehouse fingerprint over 2,000 files (32 KiB each, 64 MiB): cold (no cache: read + sha256 every
// file) vs warm (cache keyed by path + size + mtime: readdir + stat only). The warm run is what Nx pays
// on every graph computation, so it must be a small fraction of the cold one.
// Run: npm run bench -- fingerprint   (or: node tools/bench/fingerprint.bench.js after building libs/pipeline)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'libs', 'pipeline', 'dist', 'lakehouse', 'fingerprint.js');
if (!fs.existsSync(dist)) {
  console.error(`fingerprint.bench: ${dist} is missing; build first: npx tsc -b libs/pipeline/tsconfig.lib.json`);
  process.exit(1);
}
const { fingerprint } = require(dist);

const FILES = 2000;
const SIZE = 32 * 1024;
const WARM_TARGET = 0.25; // warm ≤ 25% of cold

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-bench-fp-'));
  const dir = path.join(tmp, 'lakehouse');
  const cacheFile = path.join(tmp, 'fp-cache.json');
  fs.mkdirSync(dir);
  const old = new Date(Date.now() - 3600_000); // older than the "racy" window, so hashes are cached
  let x = 1;
  for (let i = 0; i < FILES; i++) {
    const buf = Buffer.allocUnsafe(SIZE);
    for (let k = 0; k < SIZE; k += 4) buf.writeUInt32LE((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), k);
    const f = path.join(dir, `EX_S${String(i).padStart(4, '0')}_1d.parquet`);
    fs.writeFileSync(f, buf);
    fs.utimesSync(f, old, old);
  }
  const time = async (fn) => {
    const s = process.hrtime.bigint();
    const v = await fn();
    return [Number(process.hrtime.bigint() - s) / 1e6, v];
  };
  try {
    const colds = [],
      warms = [];
    let fp;
    for (let rep = 0; rep < 3; rep++) {
      fs.rmSync(cacheFile, { force: true });
      const [cold, a] = await time(() => fingerprint(dir, { cacheFile }));
      const [warm, b] = await time(() => fingerprint(dir, { cacheFile }));
      if (a !== b) throw new Error('fingerprint.bench: warm and cold fingerprints differ');
      fp = a;
      colds.push(cold);
      warms.push(warm);
    }
    const cold = Math.min(...colds),
      warm = Math.min(...warms);
    const ratio = warm / cold;
    const ok = ratio <= WARM_TARGET;
    console.log(`fingerprint of ${FILES} files × ${SIZE / 1024} KiB: ${fp.slice(0, 16)}… (node ${process.version}, best of 3)`);
    console.table([
      { run: 'cold (baseline: hash every file)', ms: cold.toFixed(1), 'x baseline': '1.000', target: '', ok: '' },
      { run: 'warm (cached sha256, stat only)', ms: warm.toFixed(1), 'x baseline': ratio.toFixed(3), target: `≤ ${WARM_TARGET}`, ok: ok ? 'ok' : 'SLOW' },
    ]);
    if (!ok) {
      console.error('fingerprint.bench: warm target missed');
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
