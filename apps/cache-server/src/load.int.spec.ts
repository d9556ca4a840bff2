import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf, runLoad } from './load-driver';
import { startServerProcess } from './__fixtures__/process';

const WRITE = 'write-token-for-load-tests-000001';
const READ = 'read-token-for-load-tests-0000001';

// The full load (50 clients, 1-20 MB) runs in tools/bench/cache-load.bench.js.
describe('cache server under concurrent load (small)', () => {
  it('10 clients doing PUT and GET of 1-3 MB entries: no errors, every sha256 intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nxs-cache-load-'));
    const server = await startServerProcess(['--port', '0', '--dir', dir], {
      NX_CACHE_SERVER_WRITE_TOKENS: WRITE,
      NX_CACHE_SERVER_READ_TOKENS: READ,
    });
    try {
      const report = await runLoad({
        base: server.base,
        writeToken: WRITE,
        readToken: READ,
        clients: 10,
        entriesPerClient: 2,
        minBytes: 1 << 20,
        maxBytes: 3 << 20,
      });
      expect(report.errors).toEqual([]);
      expect(report.corrupt).toEqual([]);
      expect(report.entries).toBe(20);
      expect(report.conflicts).toBe(20);
      expect(readdirSync(join(dir, 'entries'))).toHaveLength(20);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      const rss = rssOf(server.child.pid!, (p) => readFileSync(p, 'utf8'));
      expect(rss.peakMb).toBeGreaterThan(0);
      console.log(
        `load test: ${report.puts} PUTs, ${report.gets} GETs, ${(report.bytesUp / 2 ** 20).toFixed(0)} MB up, server peak RSS ${rss.peakMb.toFixed(0)} MB`,
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // a server process and ~40 MB of uploads: seconds on a loaded 2-core machine, not Jest's default 5
});
