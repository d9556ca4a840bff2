import { execFileSync, spawnSync } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesFor, call, openPut, sha256, waitFor } from './__fixtures__/http';
import { assertBuilt, MAIN, startServerProcess } from './__fixtures__/process';

const WRITE = 'write-token-for-process-tests-0001';
const READ = 'read-token-for-process-tests-00001';
const env = { NX_CACHE_SERVER_WRITE_TOKENS: WRITE, NX_CACHE_SERVER_READ_TOKENS: READ };

describe('cache server process (node dist/main.js)', () => {
  let dir: string;
  beforeAll(() => assertBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nxs-cache-proc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses bad options and missing tokens with a one-line error and exit code 2', () => {
    const bad = spawnSync(process.execPath, [MAIN, '--port', 'eighty'], { env: { ...env }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('cache-server: --port is "eighty"; expected a whole number from 0 to 65535');
    const none = spawnSync(process.execPath, [MAIN], { env: {}, encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^cache-server: no tokens configured; expected NX_CACHE_SERVER_WRITE_TOKENS/);
    const help = spawnSync(process.execPath, [MAIN, '--help'], { env: {}, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--s3-bucket');
  });

  it('after SIGKILL during uploads keeps every complete entry, no partial one, and serves them after restart', async () => {
    const server = await startServerProcess(['--port', '0', '--dir', dir], env);
    const complete = [1, 2, 3, 4].map((i) => ({ hash: `100${i}`, body: bytesFor(i, 400_000 + i * 1000) }));
    for (const e of complete) expect((await call(server.base, 'PUT', `/v1/cache/${e.hash}`, { token: WRITE, body: e.body })).status).toBe(200);
    const partial = [5, 6, 7].map((i) => openPut(server.base, `200${i}`, WRITE, bytesFor(i, 2_000_000), 700_000));
    // Kill only once the server is inside those uploads (their temp files exist).
    await waitFor('3 uploads in progress', () => readdirSync(join(dir, 'tmp')).length === 3);
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    partial.forEach((p) => p.req.destroy());
    expect(readdirSync(join(dir, 'entries')).sort()).toEqual(complete.map((e) => e.hash));

    const again = await startServerProcess(['--port', '0', '--dir', dir], env);
    try {
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]); // leftovers of the crash are gone
      for (const e of complete) {
        const got = await call(again.base, 'GET', `/v1/cache/${e.hash}`, { token: READ });
        expect(got.status).toBe(200);
        expect(sha256(got.body)).toBe(sha256(e.body));
      }
      for (const i of [5, 6, 7]) expect((await call(again.base, 'GET', `/v1/cache/200${i}`, { token: READ })).status).toBe(404);
      // The interrupted hashes can be uploaded in full now.
      expect((await call(again.base, 'PUT', '/v1/cache/2005', { token: WRITE, body: bytesFor(5, 1000) })).status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  });

  it('on SIGTERM finishes the in-flight upload, closes the keep-alive connection, then exits 0', async () => {
    const server = await startServerProcess(['--port', '0', '--dir', dir], env);
    const body = bytesFor(9, 1_500_000);
    // A pooling client like Nx's: the connection would otherwise stay open until the shutdown timeout.
    const agent = new Agent({ keepAlive: true });
    const upload = openPut(server.base, '4242', WRITE, body, 500_000, agent);
    await waitFor('upload in progress', () => readdirSync(join(dir, 'tmp')).length === 1);
    server.child.kill('SIGTERM');
    await waitFor('shutdown log line', () => server.lines.some((l) => l.includes('shutting down')));
    const reply = await upload.finish();
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe('close');
    expect(await server.exited).toBe(0);
    expect(server.lines.some((l) => l.includes('shutdown timeout'))).toBe(false);
    agent.destroy();
    expect(server.lines.some((l) => JSON.parse(l).msg === 'stopped')).toBe(true);

    const again = await startServerProcess(['--port', '0', '--dir', dir], env);
    try {
      const got = await call(again.base, 'GET', '/v1/cache/4242', { token: READ });
      expect(sha256(got.body)).toBe(sha256(body));
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('on a full disk answers PUT with 403 "not stored" and keeps serving GETs (real tmpfs)', async () => {
    const mnt = join(dir, 'small-disk');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      // Not root / no mount permission: the injected-ENOSPC test in server.int.spec.ts still covers the logic.
      console.warn('skipping the tmpfs full-disk test: cannot mount tmpfs here');
      return;
    }
    try {
      const server = await startServerProcess(['--port', '0', '--dir', mnt, '--max-size', '1GB'], env);
      try {
        const stored: { hash: string; body: Buffer }[] = [];
        let failed: number | undefined;
        for (let i = 1; i <= 10 && failed === undefined; i++) {
          const body = bytesFor(i, 300_000);
          const res = await call(server.base, 'PUT', `/v1/cache/${i}`, { token: WRITE, body });
          if (res.status === 200) stored.push({ hash: String(i), body });
          else {
            failed = res.status;
            expect(res.body.toString()).toMatch(/^Not stored: cache storage is full/);
          }
        }
        expect(failed).toBe(403);
        expect(stored.length).toBeGreaterThanOrEqual(3);
        for (const e of stored) {
          const got = await call(server.base, 'GET', `/v1/cache/${e.hash}`, { token: READ });
          expect(got.status).toBe(200);
          expect(sha256(got.body)).toBe(sha256(e.body));
        }
        expect(readdirSync(join(mnt, 'tmp'))).toEqual([]); // the failed upload left nothing
        const metrics = (await call(server.base, 'GET', '/metrics')).body.toString();
        expect(metrics).toMatch(/^nx_cache_errors_total 1$/m);
        expect(metrics).toMatch(/^nx_cache_failed_writes_total 1$/m);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
