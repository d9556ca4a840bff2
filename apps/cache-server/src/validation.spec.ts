import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyLengthError, ExactLength, parseContentLength } from './body';
import { hashFromPath, isValidHash } from './hash';
import { parseSize } from './size';
import { LruIndex } from './storage/lru-index';
import { Metrics } from './metrics';

describe('hash validation', () => {
  it('accepts decimal digit strings only', () => {
    expect(isValidHash('17405391216402584823')).toBe(true);
    for (const bad of ['', 'abc', '12 3', '../1', '1/2', '１２', '1'.repeat(129), '0x12']) expect(isValidHash(bad)).toBe(false);
  });
  it('finds the hash segment of the cache route', () => {
    expect(hashFromPath('/v1/cache/123')).toBe('123');
    expect(hashFromPath('/v1/cache/')).toBe('');
    expect(hashFromPath('/v1/other/123')).toBeNull();
  });
});

describe('parseSize', () => {
  it('reads bytes and binary units', () => {
    expect(parseSize('--max-size', '1024')).toBe(1024);
    expect(parseSize('--max-size', '512MB')).toBe(512 * 1024 ** 2);
    expect(parseSize('--max-size', '10GiB')).toBe(10 * 1024 ** 3);
    expect(parseSize('--max-size', '1.5k')).toBe(1536);
    expect(parseSize('maxSize', 4096)).toBe(4096);
  });
  it('names the option and the value in its error', () => {
    expect(() => parseSize('--max-size', '10 parsecs')).toThrow('--max-size: "10 parsecs" is not a size; expected a number of bytes or e.g. "512MB", "10GB"');
    expect(() => parseSize('--max-body', '0')).toThrow(/--max-body: "0" is not a positive size/);
    expect(() => parseSize('maxBody', -3)).toThrow(/maxBody: -3 is not a size/);
  });
});

describe('parseContentLength', () => {
  it('accepts non-negative integers only', () => {
    expect(parseContentLength('0')).toBe(0);
    expect(parseContentLength('123')).toBe(123);
    for (const bad of [undefined, '', '-1', '1.5', '12abc', ' 1', '99999999999999999']) expect(parseContentLength(bad)).toBeNull();
  });
});

describe('ExactLength', () => {
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
  it('passes a body of exactly the announced length', async () => {
    await expect(pipeline(Readable.from([Buffer.alloc(3), Buffer.alloc(2)]), new ExactLength(5), sink())).resolves.toBeUndefined();
  });
  it('fails a short or a long body', async () => {
    await expect(pipeline(Readable.from([Buffer.alloc(3)]), new ExactLength(5), sink())).rejects.toBeInstanceOf(BodyLengthError);
    await expect(pipeline(Readable.from([Buffer.alloc(6)]), new ExactLength(5), sink())).rejects.toThrow('received 6 bytes, Content-Length said 5');
  });
});

describe('LruIndex', () => {
  it('evicts least recently used first, never the kept entry, until under the cap', () => {
    const lru = new LruIndex(250);
    lru.add('a', 100);
    lru.add('b', 100);
    lru.touch('a');
    lru.add('c', 100);
    expect(lru.bytes).toBe(300);
    expect(lru.evictOverCap('c')).toEqual(['b']);
    expect(lru.count).toBe(2);
    lru.add('d', 300);
    expect(lru.evictOverCap('d')).toEqual(['a', 'c']);
    expect(lru.bytes).toBe(300); // a single entry above the cap stays (it was just written)
  });
  it('re-adding replaces the size', () => {
    const lru = new LruIndex(1000);
    lru.add('a', 10);
    lru.add('a', 20);
    expect(lru.bytes).toBe(20);
    lru.remove('a');
    expect(lru.bytes).toBe(0);
  });
});

describe('Metrics', () => {
  it('renders Prometheus text with counters and gauges', () => {
    const m = new Metrics();
    m.inc('hits');
    m.inc('bytes_out', 42);
    const text = m.render({ entries: 3, bytes: 99 }, 1);
    expect(text).toContain('# TYPE nx_cache_hits_total counter\nnx_cache_hits_total 1\n');
    expect(text).toContain('nx_cache_bytes_out_total 42\n');
    expect(text).toContain('nx_cache_misses_total 0\n');
    expect(text).toContain('# TYPE nx_cache_entries gauge\nnx_cache_entries 3\n');
    expect(text).toContain('nx_cache_stored_bytes 99\n');
    expect(m.render(undefined, 0)).not.toContain('nx_cache_entries');
  });
});
