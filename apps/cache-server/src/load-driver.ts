import { createCipheriv, createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Load generator for the cache server, shared by the load test (small) and
 * tools/bench/cache-load.bench.js (full). Bodies are generated and hashed as streams, so the
 * client's memory does not grow with entry sizes either.
 */
export interface LoadOptions {
  base: string;
  writeToken: string;
  readToken: string;
  clients: number;
  entriesPerClient: number;
  minBytes: number;
  maxBytes: number;
  seed?: number;
}

export interface LoadReport {
  puts: number;
  gets: number;
  conflicts: number;
  bytesUp: number;
  bytesDown: number;
  errors: string[];
  corrupt: string[];
  entries: number;
}

/** Deterministic bytes of entry `seed` (AES-128-CTR keystream: native speed), chunk by chunk. */
export function entryStream(seed: number, size: number): Readable {
  const key = createHash('sha256').update(`entry-${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(256 * 1024);
  let left = size;
  return new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const n = Math.min(left, zeros.length);
      left -= n;
      this.push(cipher.update(zeros.subarray(0, n)));
    },
  });
}

/** PUT of a generated entry; resolves with the status and the sha256 of what was sent. */
function put(base: string, token: string, hash: string, seed: number, size: number): Promise<{ status: number; sha: string }> {
  return new Promise((resolve, reject) => {
    const sha = createHash('sha256');
    const req = request(`${base}/v1/cache/${hash}`, {
      method: 'PUT',
      agent: false,
      headers: { Authorization: `Bearer ${token}`, 'Content-Length': size, 'Content-Type': 'application/octet-stream' },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sha: sha.digest('hex') }));
    });
    req.on('error', reject);
    const body = entryStream(seed, size);
    body.on('data', (c: Buffer) => sha.update(c));
    body.pipe(req);
  });
}

function get(base: string, token: string, hash: string): Promise<{ status: number; sha: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v1/cache/${hash}`, { agent: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const h = createHash('sha256');
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        h.update(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sha: h.digest('hex'), bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Each client uploads its entries and, between uploads, downloads a random entry already
 * stored by anyone and re-uploads one (expecting 409). Finally every entry is downloaded and
 * its sha256 checked.
 */
export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const seed0 = o.seed ?? 1;
  let rng = seed0 >>> 0 || 7;
  const random = () => {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    return rng / 2 ** 32;
  };
  const report: LoadReport = { puts: 0, gets: 0, conflicts: 0, bytesUp: 0, bytesDown: 0, errors: [], corrupt: [], entries: 0 };
  const stored: { hash: string; seed: number; size: number; sha: string }[] = [];
  const plan = Array.from({ length: o.clients }, (_, c) =>
    Array.from({ length: o.entriesPerClient }, (_, k) => {
      const seed = seed0 * 1_000_000 + c * 1000 + k + 1;
      return { hash: String(seed), seed, size: Math.floor(o.minBytes + random() * (o.maxBytes - o.minBytes + 1)) };
    }),
  );

  const check = async (e: (typeof stored)[number]) => {
    const r = await get(o.base, o.readToken, e.hash);
    report.gets++;
    report.bytesDown += r.bytes;
    if (r.status !== 200) report.errors.push(`GET ${e.hash}: ${r.status}`);
    else if (r.sha !== e.sha) report.corrupt.push(e.hash);
  };

  await Promise.all(
    plan.map(async (entries) => {
      for (const e of entries) {
        let step = 'PUT';
        try {
          const { status, sha } = await put(o.base, o.writeToken, e.hash, e.seed, e.size);
          report.puts++;
          if (status !== 200) {
            report.errors.push(`PUT ${e.hash}: ${status}`);
            continue;
          }
          report.bytesUp += e.size;
          stored.push({ ...e, sha });
          const other = stored[Math.floor(random() * stored.length)];
          step = `GET ${other.hash}`;
          await check(other);
          step = `re-PUT ${other.hash}`;
          const { status: again } = await put(o.base, o.writeToken, other.hash, other.seed + 1, Math.min(other.size, 64 * 1024));
          if (again === 409) report.conflicts++;
          else report.errors.push(`re-PUT ${other.hash}: ${again}, expected 409`);
        } catch (err) {
          report.errors.push(`${e.hash} ${step}: ${String(err)}`);
        }
      }
    }),
  );
  for (const e of stored) await check(e).catch((err) => report.errors.push(`GET ${e.hash}: ${String(err)}`));
  report.entries = stored.length;
  return report;
}

/** Peak and current resident memory of a Linux process, in MB. */
export function rssOf(pid: number, readFile: (p: string) => string): { peakMb: number; nowMb: number } {
  const status = readFile(`/proc/${pid}/status`);
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}
