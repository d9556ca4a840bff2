import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request on a fresh connection; `body` may be a Buffer or omitted. */
export function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: Buffer; headers?: Record<string, string | number> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body && headers['Content-Length'] === undefined) headers['Content-Length'] = opts.body.length;
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Starts a PUT that sends `sent` of the `total` bytes it announced, then destroys the socket.
 * Resolves once the socket is closed.
 */
export function abortedPut(base: string, hash: string, token: string, total: number, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${base}/v1/cache/${hash}`, {
      method: 'PUT',
      agent: false,
      headers: { Authorization: `Bearer ${token}`, 'Content-Length': total, 'Content-Type': 'application/octet-stream' },
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.write(randomBytes(sent), () => {
      // Give the server a moment to receive the bytes before the connection dies.
      setTimeout(() => req.destroy(), 50);
    });
  });
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Deterministic pseudo-random bytes (fast, seeded) for entries whose content must be checked later. */
export function bytesFor(seed: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.writeUInt32LE(x, i);
  }
  for (let i = size - (size % 4); i < size; i++) out[i] = i & 0xff;
  return out;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined && v !== null && (v as unknown) !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A PUT that has sent only its first `sentBytes`; `finish()` sends the rest and resolves with the reply. */
export function openPut(base: string, hash: string, token: string, body: Buffer, sentBytes: number, agent: Agent | false = false) {
  const req = request(`${base}/v1/cache/${hash}`, {
    method: 'PUT',
    agent,
    headers: { Authorization: `Bearer ${token}`, 'Content-Length': body.length },
  });
  const reply = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
  reply.catch(() => undefined); // callers that kill the server do not await it
  req.write(body.subarray(0, sentBytes));
  return {
    req,
    finish: () => {
      req.end(body.subarray(sentBytes));
      return reply;
    },
  };
}
