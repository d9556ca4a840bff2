#!/usr/bin/env node
// Full load of the team cache server: 50 concurrent clients doing PUT and GET of 1-20 MB entries
// against `node apps/cache-server/dist/main.js` (local storage in a temp dir). Fails on any error or
// corrupted entry. Reports the server's peak RSS against its idle RSS, and the aggregate
// throughput against one client's, both measured in this run.
// Options: --clients N (50), --entries N per client (2), --min-mb (1), --max-mb (20).
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { createInterface } = require('node:readline');

const root = join(__dirname, '..', '..');
const main = join(root, 'apps/cache-server/dist/main.js');
const { runLoad, rssOf } = require(join(root, 'apps/cache-server/dist/load-driver.js'));

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    entries: { type: 'string', default: '2' },
    'min-mb': { type: 'string', default: '1' },
    'max-mb': { type: 'string', default: '20' },
  },
});
const MB = 2 ** 20;
const W = 'bench-write-token-0123456789abcdef';
const R = 'bench-read-token-0123456789abcdefg';

function startServer(dir) {
  const child = spawn(process.execPath, [main, '--port', '0', '--dir', dir, '--max-size', '50GB'], {
    env: { PATH: process.env.PATH, NX_CACHE_SERVER_WRITE_TOKENS: W, NX_CACHE_SERVER_READ_TOKENS: R },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const rec = JSON.parse(line);
      if (rec.msg === 'listening') resolve({ child, base: `http://127.0.0.1:${rec.port}` });
    });
  });
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nxs-cache-bench-'));
  const { child, base } = await startServer(dir);
  const rss = () => rssOf(child.pid, (p) => readFileSync(p, 'utf8'));
  try {
    const minBytes = Number(values['min-mb']) * MB;
    const maxBytes = Number(values['max-mb']) * MB;
    // Baseline: one client, same entry sizes.
    const one = await timed(() => runLoad({ base, writeToken: W, readToken: R, clients: 1, entriesPerClient: 4, minBytes, maxBytes, seed: 1 }));
    const idle = rss();
    const clients = Number(values.clients);
    const full = await timed(() =>
      runLoad({ base, writeToken: W, readToken: R, clients, entriesPerClient: Number(values.entries), minBytes, maxBytes, seed: 2 }),
    );
    const peak = rss();
    const r = full.result;
    const mbps = (rep, s) => (rep.bytesUp + rep.bytesDown) / MB / s;
    const table = {
      clients: clients,
      'entries stored': r.entries,
      'PUTs / GETs / 409s': `${r.puts} / ${r.gets} / ${r.conflicts}`,
      'MB up / down': `${(r.bytesUp / MB).toFixed(0)} / ${(r.bytesDown / MB).toFixed(0)}`,
      errors: r.errors.length,
      'corrupted entries': r.corrupt.length,
      seconds: full.seconds.toFixed(1),
      'throughput MB/s (1 client baseline)': `${mbps(r, full.seconds).toFixed(0)} (${mbps(one.result, one.seconds).toFixed(0)}) = ${(mbps(r, full.seconds) / mbps(one.result, one.seconds)).toFixed(2)}x`,
      'server RSS MB: idle after baseline / peak': `${idle.nowMb.toFixed(0)} / ${peak.peakMb.toFixed(0)}`,
      'peak RSS / idle RSS': (peak.peakMb / idle.nowMb).toFixed(2),
      'largest entry MB': (maxBytes / MB).toFixed(0),
    };
    console.table(table);
    if (r.errors.length || r.corrupt.length || one.result.errors.length) {
      console.error('errors:', [...one.result.errors, ...r.errors].slice(0, 10), 'corrupt:', r.corrupt.slice(0, 10));
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
