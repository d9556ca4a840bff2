import { TokenSet } from '../auth';
import { createCacheServer, type CacheServer } from '../server';
import { S3Storage } from './s3-storage';
import { FakeS3 } from '../__fixtures__/fake-s3';
import { abortedPut, bytesFor, call, sha256, waitFor } from '../__fixtures__/http';
import { startServerProcess } from '../__fixtures__/process';

const WRITE = 'write-token-for-s3-tests-000001';
const READ = 'read-token-for-s3-tests-0000001';
const creds = { AWS_ACCESS_KEY_ID: 'test-access-key', AWS_SECRET_ACCESS_KEY: 'test-secret-key', AWS_REGION: 'us-east-1' };

describe('S3 storage against a fake S3 endpoint (real SDK, real HTTP)', () => {
  const s3 = new FakeS3();
  let endpoint: string;
  let cache: CacheServer;
  let base: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, creds);
    endpoint = await s3.start();
    const storage = new S3Storage({ bucket: 'team-cache', prefix: 'nx', endpoint, forcePathStyle: true, log: () => undefined });
    await storage.init();
    cache = createCacheServer({ storage, tokens: new TokenSet([READ], [WRITE]), maxBodyBytes: 16 << 20, log: () => undefined });
    base = `http://127.0.0.1:${(await cache.listen(0, '127.0.0.1')).port}`;
  });
  afterAll(async () => {
    await cache.close();
    await s3.stop();
    process.env = saved;
  });

  it('stores under <bucket>/<prefix>/<hash>, serves it back, and keeps it immutable', async () => {
    const body = bytesFor(11, 3_000_000);
    expect((await call(base, 'GET', '/v1/cache/555', { token: READ })).status).toBe(404);
    expect((await call(base, 'PUT', '/v1/cache/555', { token: WRITE, body })).status).toBe(200);
    expect(sha256(s3.objects.get('team-cache/nx/555')!)).toBe(sha256(body));
    const got = await call(base, 'GET', '/v1/cache/555', { token: READ });
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(sha256(got.body)).toBe(sha256(body));
    expect((await call(base, 'PUT', '/v1/cache/555', { token: WRITE, body: Buffer.from('other') })).status).toBe(409);
    expect(sha256(s3.objects.get('team-cache/nx/555')!)).toBe(sha256(body));
    expect((await call(base, 'PUT', '/v1/cache/556', { token: READ, body: Buffer.from('x') })).status).toBe(403);
    expect(s3.objects.has('team-cache/nx/556')).toBe(false);
  });

  it('maps a lost race (412 from If-None-Match) to 409', async () => {
    s3.objects.set('team-cache/nx/777', Buffer.from('already there'));
    const storage = new S3Storage({ bucket: 'team-cache', prefix: 'nx/', endpoint, forcePathStyle: true, log: () => undefined });
    const { Readable } = await import('node:stream');
    expect(await storage.put('777', Readable.from([Buffer.from('late')]), 4)).toBe('exists');
    expect(s3.objects.get('team-cache/nx/777')!.toString()).toBe('already there');
    await storage.close();
  });

  it('creates no object when the client dies mid-upload', async () => {
    await abortedPut(base, '888', WRITE, 2_000_000, 300_000);
    const metrics = async () => (await call(base, 'GET', '/metrics')).body.toString();
    await waitFor('aborted upload counted', async () => /^nx_cache_aborted_uploads_total 1$/m.test(await metrics()));
    expect(s3.objects.has('team-cache/nx/888')).toBe(false);
    expect((await call(base, 'GET', '/v1/cache/888', { token: READ })).status).toBe(404);
  });

  it('answers 404, not 5xx, when S3 fails a GET', async () => {
    s3.failGets = true;
    try {
      expect((await call(base, 'GET', '/v1/cache/555', { token: READ })).status).toBe(404);
      expect((await call(base, 'GET', '/metrics')).body.toString()).toMatch(/^nx_cache_errors_total [1-9]/m);
    } finally {
      s3.failGets = false;
    }
  });

  it('is selected by --s3-bucket in the real process', async () => {
    const server = await startServerProcess(['--port', '0', '--s3-bucket', 'proc-bucket', '--s3-endpoint', endpoint, '--s3-force-path-style'], {
      ...creds,
      NX_CACHE_SERVER_WRITE_TOKENS: WRITE,
    });
    try {
      expect((await call(server.base, 'PUT', '/v1/cache/1', { token: WRITE, body: Buffer.from('via process') })).status).toBe(200);
      expect(s3.objects.get('proc-bucket/1')?.toString()).toBe('via process');
      expect((await call(server.base, 'GET', '/v1/cache/1', { token: WRITE })).body.toString()).toBe('via process');
      expect(JSON.parse((await call(server.base, 'GET', '/health')).body.toString()).storage).toBe('s3');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
