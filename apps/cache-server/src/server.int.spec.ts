import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { TokenSet } from './auth';
import { createCacheServer, type CacheServer } from './server';
import { LocalStorage } from './storage/local-storage';
import type { CacheStorage } from './storage/storage';
import type { Logger } from './log';
import { abortedPut, bytesFor, call, sha256 } from './__fixtures__/http';

const WRITE = 'w'.repeat(20) + '-write-token';
const READ = 'r'.repeat(20) + '-read-token';

interface Harness {
  cache: CacheServer;
  base: string;
  dir: string;
  logs: string[];
}

async function start(opts: { maxBodyBytes?: number; maxBytes?: number; wrap?: (s: CacheStorage) => CacheStorage } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'nxs-cache-server-'));
  const logs: string[] = [];
  const log: Logger = (level, msg, fields) => logs.push(JSON.stringify({ level, msg, ...fields }));
  let storage: CacheStorage = new LocalStorage({ dir, maxBytes: opts.maxBytes ?? 1 << 30, log, fsync: false });
  await storage.init();
  if (opts.wrap) storage = opts.wrap(storage);
  const cache = createCacheServer({ storage, tokens: new TokenSet([READ], [WRITE]), maxBodyBytes: opts.maxBodyBytes ?? 8 << 20, log });
  const { port } = await cache.listen(0, '127.0.0.1');
  return { cache, base: `http://127.0.0.1:${port}`, dir, logs };
}

async function stop(h: Harness) {
  await h.cache.close();
  rmSync(h.dir, { recursive: true, force: true });
}

const metric = async (h: Harness, name: string) => {
  const text = (await call(h.base, 'GET', '/metrics')).body.toString();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`metric ${name} missing in:\n${text}`);
  return Number(m[1]);
};

describe('cache server over real HTTP (local storage)', () => {
  let h: Harness;
  beforeEach(async () => (h = await start()));
  afterEach(async () => stop(h));

  it('answers /health and /metrics without a token', async () => {
    const health = await call(h.base, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok', storage: 'local' });
    const metrics = await call(h.base, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body.toString()).toMatch(/^# TYPE nx_cache_hits_total counter$/m);
  });

  it('stores with a write token and serves the same bytes to a read token', async () => {
    const body = bytesFor(1, 300_000);
    expect((await call(h.base, 'GET', '/v1/cache/123', { token: READ })).status).toBe(404);
    const put = await call(h.base, 'PUT', '/v1/cache/123', { token: WRITE, body });
    expect(put.status).toBe(200); // exactly 200: Nx treats any other 2xx as an error
    const get = await call(h.base, 'GET', '/v1/cache/123', { token: READ });
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('application/octet-stream');
    expect(get.headers['content-length']).toBe(String(body.length));
    expect(sha256(get.body)).toBe(sha256(body));
    expect(await metric(h, 'nx_cache_hits_total')).toBe(1);
    expect(await metric(h, 'nx_cache_misses_total')).toBe(1);
    expect(await metric(h, 'nx_cache_bytes_in_total')).toBe(body.length);
    // The server counts bytes out once its pipeline resolves, which can be just after the client has read the
    // whole body: wait (bounded) for the count instead of racing it.
    for (let i = 0; i < 200 && (await metric(h, 'nx_cache_bytes_out_total')) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await metric(h, 'nx_cache_bytes_out_total')).toBe(body.length);
    expect(await metric(h, 'nx_cache_entries')).toBe(1);
    expect(await metric(h, 'nx_cache_stored_bytes')).toBe(body.length);
  });

  it.each([
    ['no header', undefined],
    ['unknown token', 'x'.repeat(40)],
    ['a prefix of a real token', WRITE.slice(0, 10)],
  ])('answers 401 text/plain for %s, on GET and PUT', async (_what, token) => {
    for (const method of ['GET', 'PUT']) {
      const res = await call(h.base, method, '/v1/cache/42', { token, body: method === 'PUT' ? Buffer.from('x') : undefined });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('text/plain'); // exact: Nx rejects 401s of other types
    }
    const basic = await call(h.base, 'GET', '/v1/cache/42', { headers: { Authorization: `Basic ${WRITE}` } });
    expect(basic.status).toBe(401);
    expect(await metric(h, 'nx_cache_unauthorized_total')).toBe(3);
  });

  it('answers 403 to a PUT with a read-only token and stores nothing', async () => {
    const res = await call(h.base, 'PUT', '/v1/cache/77', { token: READ, body: Buffer.from('poison') });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/plain');
    expect((await call(h.base, 'GET', '/v1/cache/77', { token: WRITE })).status).toBe(404);
    expect(await metric(h, 'nx_cache_rejected_writes_total')).toBe(1);
  });

  it('keeps entries immutable: a second PUT gets 409 and the first bytes stay', async () => {
    const first = Buffer.from('first version');
    expect((await call(h.base, 'PUT', '/v1/cache/5', { token: WRITE, body: first })).status).toBe(200);
    const again = await call(h.base, 'PUT', '/v1/cache/5', { token: WRITE, body: Buffer.from('second version!') });
    expect(again.status).toBe(409);
    expect((await call(h.base, 'GET', '/v1/cache/5', { token: READ })).body.toString()).toBe('first version');
  });

  it('lets exactly one of several concurrent PUTs of one hash win', async () => {
    const bodies = [0, 1, 2, 3, 4].map((i) => bytesFor(100 + i, 200_000));
    const replies = await Promise.all(bodies.map((body) => call(h.base, 'PUT', '/v1/cache/999', { token: WRITE, body })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    const winner = bodies[replies.findIndex((r) => r.status === 200)];
    expect(sha256((await call(h.base, 'GET', '/v1/cache/999', { token: READ })).body)).toBe(sha256(winner));
    expect(readdirSync(join(h.dir, 'tmp'))).toEqual([]);
  });

  it.each(['abc', '12a3', '..%2F..%2Fetc', '-1', '1'.repeat(129)])('rejects hash %s with 400 before touching storage', async (hash) => {
    const get = await call(h.base, 'GET', `/v1/cache/${hash}`, { token: WRITE });
    expect(get.status).toBe(400);
    const put = await call(h.base, 'PUT', `/v1/cache/${hash}`, { token: WRITE, body: Buffer.from('x') });
    expect(put.status).toBe(400);
    expect(readdirSync(join(h.dir, 'entries'))).toEqual([]);
  });

  it('answers 411 without Content-Length, 400 for a bad one, 413 beyond the limit', async () => {
    // Node's client sends a body without Content-Length as chunked transfer encoding.
    const chunkedOnly = await call(h.base, 'PUT', '/v1/cache/1', { token: WRITE, headers: { 'Transfer-Encoding': 'chunked' } });
    expect(chunkedOnly.status).toBe(411);
    const bad = await call(h.base, 'PUT', '/v1/cache/3', { token: WRITE, headers: { 'Content-Length': '12abc' } }).catch((e: Error) => e);
    // Node's own parser may already refuse a malformed Content-Length (400 from it, or a reset).
    if (!(bad instanceof Error)) expect(bad.status).toBe(400);
    const tooBig = await call(h.base, 'PUT', '/v1/cache/2', { token: WRITE, headers: { 'Content-Length': 9 << 20 } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.connection).toBe('close');
    expect((await call(h.base, 'GET', '/v1/cache/1', { token: READ })).status).toBe(404);
    expect((await call(h.base, 'GET', '/v1/cache/2', { token: READ })).status).toBe(404);
    expect(await metric(h, 'nx_cache_rejected_writes_total')).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 to other paths and 405 to other methods', async () => {
    expect((await call(h.base, 'GET', '/v2/cache/1', { token: WRITE })).status).toBe(404);
    const del = await call(h.base, 'DELETE', '/v1/cache/1', { token: WRITE });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, PUT');
  });

  it('leaves no entry when the client dies mid-upload, and accepts a full upload afterwards', async () => {
    await abortedPut(h.base, '31337', WRITE, 2_000_000, 500_000);
    // The server notices the dropped connection asynchronously: wait until it counted it.
    for (let i = 0; i < 200 && (await metric(h, 'nx_cache_aborted_uploads_total')) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await metric(h, 'nx_cache_aborted_uploads_total')).toBe(1);
    expect((await call(h.base, 'GET', '/v1/cache/31337', { token: READ })).status).toBe(404);
    expect(readdirSync(join(h.dir, 'entries'))).toEqual([]);
    expect(readdirSync(join(h.dir, 'tmp'))).toEqual([]);
    const body = bytesFor(7, 2_000_000);
    expect((await call(h.base, 'PUT', '/v1/cache/31337', { token: WRITE, body })).status).toBe(200);
    expect(sha256((await call(h.base, 'GET', '/v1/cache/31337', { token: READ })).body)).toBe(sha256(body));
  });

  it('never logs a token', async () => {
    await call(h.base, 'PUT', '/v1/cache/8', { token: WRITE, body: Buffer.from('x') });
    await call(h.base, 'GET', '/v1/cache/8?token=abc', { token: READ });
    await call(h.base, 'GET', '/v1/cache/8', { token: 'y'.repeat(30) });
    const all = h.logs.join('\n');
    expect(h.logs.length).toBeGreaterThanOrEqual(3);
    expect(all).not.toContain(WRITE);
    expect(all).not.toContain(READ);
    expect(all).not.toContain('y'.repeat(30));
    expect(all).not.toContain('token=abc');
    for (const line of h.logs) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('local storage whose directory disappears while the server runs', () => {
  it('recreates it: uploads are stored again, and entries that vanished can be uploaded again', async () => {
    const h = await start();
    try {
      const one = bytesFor(1, 50_000);
      expect((await call(h.base, 'PUT', '/v1/cache/101', { token: WRITE, body: one })).status).toBe(200);
      rmSync(h.dir, { recursive: true, force: true }); // a tmp cleaner, or an operator emptying the cache
      const two = bytesFor(2, 50_000);
      expect((await call(h.base, 'PUT', '/v1/cache/102', { token: WRITE, body: two })).status).toBe(200);
      expect(sha256((await call(h.base, 'GET', '/v1/cache/102', { token: READ })).body)).toBe(sha256(two));
      // 101 is gone from disk: its upload is accepted again (not 409 "exists"), without a GET first.
      expect((await call(h.base, 'PUT', '/v1/cache/101', { token: WRITE, body: one })).status).toBe(200);
      expect(sha256((await call(h.base, 'GET', '/v1/cache/101', { token: READ })).body)).toBe(sha256(one));
      expect(readdirSync(join(h.dir, 'entries')).sort()).toEqual(['101', '102']);
      expect(readdirSync(join(h.dir, 'tmp'))).toEqual([]);
      expect(await metric(h, 'nx_cache_failed_writes_total')).toBe(0);
    } finally {
      await stop(h);
    }
  });
});

describe('local storage and a body that fails at once', () => {
  it('rejects the put (no uncaught stream error) and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nxs-cache-local-'));
    try {
      const s = new LocalStorage({ dir, maxBytes: 1 << 20, log: () => undefined, fsync: false });
      await s.init();
      for (let i = 0; i < 20; i++) {
        const body = new PassThrough();
        const put = s.put(String(500 + i), body, 10);
        body.destroy(new Error('client gone')); // while put() is still checking the store
        await expect(put).rejects.toThrow();
      }
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      expect(readdirSync(join(dir, 'entries'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cache server with a failing storage', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  it('answers a GET storage error with 404 (never 5xx) and counts the error', async () => {
    const h = await start({
      wrap: (s) => ({
        ...s,
        kind: s.kind,
        init: () => s.init(),
        has: (x) => s.has(x),
        put: (x, b, n) => s.put(x, b, n),
        gauges: () => s.gauges(),
        get: async () => {
          throw new Error('EIO: disk on fire');
        },
      }),
    });
    try {
      const res = await call(h.base, 'GET', '/v1/cache/10', { token: READ });
      expect(res.status).toBe(404);
      expect(await metric(h, 'nx_cache_errors_total')).toBe(1);
      expect(h.logs.find((l) => l.includes('disk on fire'))).toMatch(/"level":"error"/);
    } finally {
      await stop(h);
    }
  });

  it('answers 403 "not stored" when the storage is full (Nx carries on) and keeps serving GETs', async () => {
    let full = false;
    const h = await start({
      wrap: (s) => ({
        kind: s.kind,
        init: () => s.init(),
        has: (x) => s.has(x),
        get: (x) => s.get(x),
        gauges: () => s.gauges(),
        put: async (x, body, n) => {
          if (!full) return s.put(x, body, n);
          body.resume();
          throw enospc();
        },
      }),
    });
    try {
      const stored = bytesFor(3, 100_000);
      expect((await call(h.base, 'PUT', '/v1/cache/1', { token: WRITE, body: stored })).status).toBe(200);
      full = true;
      const res = await call(h.base, 'PUT', '/v1/cache/2', { token: WRITE, body: bytesFor(4, 100_000) });
      expect(res.status).toBe(403);
      expect(res.body.toString()).toMatch(/^Not stored: cache storage is full/);
      expect(await metric(h, 'nx_cache_failed_writes_total')).toBe(1);
      expect(h.logs.join('\n')).toContain('ENOSPC');
      const get = await call(h.base, 'GET', '/v1/cache/1', { token: READ });
      expect(get.status).toBe(200);
      expect(sha256(get.body)).toBe(sha256(stored));
      expect((await call(h.base, 'GET', '/v1/cache/2', { token: READ })).status).toBe(404);
    } finally {
      await stop(h);
    }
  });
  it('answers 403 "not stored" (never 5xx) when the storage fails a write for another reason', async () => {
    const h = await start({
      wrap: (s) => ({
        kind: s.kind,
        init: () => s.init(),
        has: (x) => s.has(x),
        get: (x) => s.get(x),
        gauges: () => s.gauges(),
        put: async (_x, body) => {
          for await (const _chunk of body) void _chunk;
          throw new Error('S3 is down');
        },
      }),
    });
    try {
      const res = await call(h.base, 'PUT', '/v1/cache/3', { token: WRITE, body: bytesFor(5, 50_000) });
      expect(res.status).toBe(403);
      expect(res.body.toString()).toMatch(/^Not stored: cache storage error/);
      expect(await metric(h, 'nx_cache_failed_writes_total')).toBe(1);
      expect(await metric(h, 'nx_cache_writes_total')).toBe(0);
    } finally {
      await stop(h);
    }
  });
});

describe('local storage size cap', () => {
  it('evicts the least recently used entry and counts it', async () => {
    const h = await start({ maxBytes: 350_000 });
    try {
      for (const hash of ['1', '2', '3']) {
        expect((await call(h.base, 'PUT', `/v1/cache/${hash}`, { token: WRITE, body: bytesFor(Number(hash), 100_000) })).status).toBe(200);
      }
      expect((await call(h.base, 'GET', '/v1/cache/1', { token: READ })).status).toBe(200); // 1 is now the most recent
      expect((await call(h.base, 'PUT', '/v1/cache/4', { token: WRITE, body: bytesFor(4, 100_000) })).status).toBe(200);
      const present = [];
      for (const hash of ['1', '2', '3', '4']) present.push((await call(h.base, 'GET', `/v1/cache/${hash}`, { token: READ })).status);
      expect(present).toEqual([200, 404, 200, 200]);
      expect(await metric(h, 'nx_cache_evictions_total')).toBe(1);
      expect(readdirSync(join(h.dir, 'entries')).sort()).toEqual(['1', '3', '4']);
    } finally {
      await stop(h);
    }
  });

  it('streams: a Readable body of unknown provenance is stored as-is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nxs-cache-local-'));
    try {
      const s = new LocalStorage({ dir, maxBytes: 1 << 20, log: () => undefined, fsync: false });
      await s.init();
      expect(await s.put('9', Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4)).toBe('stored');
      expect(await s.put('9', Readable.from([Buffer.from('zz')]), 2)).toBe('exists');
      const again = new LocalStorage({ dir, maxBytes: 1 << 20, log: () => undefined });
      await again.init();
      const entry = await again.get('9');
      expect(entry?.size).toBe(4);
      const chunks: Buffer[] = [];
      for await (const c of entry!.stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('abcd');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
