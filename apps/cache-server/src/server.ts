import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { bearerToken, type Access, type TokenSet } from './auth';
import { BodyLengthError, ExactLength, parseContentLength } from './body';
import { hashFromPath, isValidHash } from './hash';
import type { Logger, LogLevel } from './log';
import { Metrics } from './metrics';
import { isOutOfSpace, type CacheStorage } from './storage/storage';

export interface CacheServerOptions {
  storage: CacheStorage;
  tokens: TokenSet;
  /** Largest accepted upload in bytes (413 beyond). */
  maxBodyBytes: number;
  log: Logger;
}

export interface CacheServer {
  server: Server;
  metrics: Metrics;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

/** Nx's client accepts a 401 only with exactly `text/plain` (else it reports a misconfigured server). */
const TEXT = 'text/plain';

/**
 * The Nx self-hosted remote cache API (OpenAPI "Nx custom remote cache specification" 1.0.0):
 *   GET /v1/cache/{hash} → 200 octet-stream | 404 | 401 | 403
 *   PUT /v1/cache/{hash} → 200 | 401 | 403 | 409 | 411 | 413 | 400
 * Nx treats 404 on GET as a miss and 403/409 on PUT as "not stored", and fails the whole run on
 * anything else (a PUT is retried 6 times first). So the cache never breaks a build: a storage
 * error on GET is logged and answered 404, and a storage failure on PUT (full disk, S3 down) is
 * logged, counted and answered 403 "not stored" — the answer Nx's client documents for "server
 * does not allow cache storage for whatever reason". Success on PUT is exactly 200.
 * Plain `node:http`: two routes do not need a framework, and we need direct control over streaming,
 * Content-Length and when a connection is closed.
 */
export function createCacheServer(opts: CacheServerOptions): CacheServer {
  const { storage, tokens, maxBodyBytes, log } = opts;
  const metrics = new Metrics();
  storage.onEvict = (n) => metrics.inc('evictions', n);
  let inFlight = 0;
  let closing = false;
  const open = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    inFlight++;
    open.add(res);
    if (closing) res.shouldKeepAlive = false;
    res.once('finish', () => {
      // While shutting down, a keep-alive connection that just became idle is closed at once.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    const started = process.hrtime.bigint();
    const ctx: RequestContext = { access: 'none', bytes: 0 };
    res.once('close', () => {
      inFlight--;
      open.delete(res);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(ctx.level ?? (res.statusCode >= 500 ? 'error' : 'info'), 'request', {
        method: req.method,
        path: safePath(req.url),
        status: res.statusCode,
        access: ctx.access,
        bytes: ctx.bytes,
        ms: Math.round(ms * 10) / 10,
        ...(ctx.note ? { note: ctx.note } : {}),
        ...(res.writableFinished ? {} : { incomplete: true }),
      });
    });
    handle(req, res, ctx).catch((err) => {
      metrics.inc('errors');
      ctx.level = 'error';
      ctx.note = `unexpected: ${String(err)}`;
      if (res.headersSent) return res.destroy();
      // Never a 5xx to Nx: it would stop the whole run.
      if (req.method === 'GET') return sendText(res, 404, 'Not found');
      if (req.method === 'PUT') {
        metrics.inc('failed_writes');
        return sendText(res, 403, "Not stored: internal error (see the cache server's log)", true);
      }
      sendText(res, 500, 'Internal error', true);
    });
  });
  // Large uploads on slow links: no overall request deadline (headers still must arrive within
  // Node's default 60 s). Idle keep-alive connections are kept longer than Node's 5 s default, so
  // a pooling client (Nx uses reqwest) rarely reuses a connection the server is just closing.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;

  interface RequestContext {
    access: Access;
    bytes: number;
    note?: string;
    /** Raised to 'error' for storage failures, which are answered 404/403 (so not by status). */
    level?: LogLevel;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const path = safePath(req.url);
    if (path === '/health') return sendJson(res, 200, { status: 'ok', storage: storage.kind });
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      return void res.end(metrics.render(storage.gauges(), inFlight));
    }
    const hash = hashFromPath(path);
    if (hash === null) return sendText(res, 404, 'Not found');
    if (req.method !== 'GET' && req.method !== 'PUT') {
      res.setHeader('Allow', 'GET, PUT');
      return sendText(res, 405, `Method ${req.method} not allowed; expected GET or PUT`, true);
    }

    ctx.access = tokens.check(bearerToken(req.headers.authorization));
    if (ctx.access === 'none') {
      metrics.inc('unauthorized');
      if (req.method === 'PUT') metrics.inc('rejected_writes');
      return sendText(res, 401, 'Missing or unknown token: set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN', true);
    }
    if (!isValidHash(hash)) {
      if (req.method === 'PUT') metrics.inc('rejected_writes');
      return sendText(res, 400, `Invalid hash "${hash.slice(0, 80)}": expected 1 to 128 decimal digits`, true);
    }
    return req.method === 'GET' ? handleGet(hash, res, ctx) : handlePut(hash, req, res, ctx);
  }

  async function handleGet(hash: string, res: ServerResponse, ctx: RequestContext): Promise<void> {
    let entry;
    try {
      entry = await storage.get(hash);
    } catch (err) {
      metrics.inc('errors');
      metrics.inc('misses');
      ctx.level = 'error';
      ctx.note = `storage error answered as a miss: ${String(err)}`;
      return sendText(res, 404, 'Not found');
    }
    if (!entry) {
      metrics.inc('misses');
      return sendText(res, 404, 'Not found');
    }
    metrics.inc('hits');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': entry.size });
    try {
      await pipeline(entry.stream, res);
      ctx.bytes = entry.size;
      metrics.inc('bytes_out', entry.size);
    } catch (err) {
      // Headers are out: the client sees a truncated body (Content-Length mismatch), never a wrong one.
      if (!res.destroyed || (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') metrics.inc('errors');
      ctx.note = `download interrupted: ${String(err)}`;
      res.destroy();
    }
  }

  async function handlePut(hash: string, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    if (ctx.access !== 'write') {
      metrics.inc('rejected_writes');
      return sendText(res, 403, 'This token is read-only');
    }
    const header = req.headers['content-length'];
    if (header === undefined) {
      metrics.inc('rejected_writes');
      return sendText(res, 411, 'Content-Length required', true);
    }
    const size = parseContentLength(header);
    if (size === null) {
      metrics.inc('rejected_writes');
      return sendText(res, 400, `Invalid Content-Length "${header.slice(0, 40)}": expected a whole number of bytes`, true);
    }
    if (size > maxBodyBytes) {
      metrics.inc('rejected_writes');
      return sendText(res, 413, `Entry of ${size} bytes exceeds the server's limit of ${maxBodyBytes} bytes`, true);
    }
    let exists = false;
    try {
      exists = await storage.has(hash);
    } catch (err) {
      ctx.note = `storage.has failed: ${String(err)}`; // put() decides below
    }
    if (exists) {
      metrics.inc('rejected_writes');
      return sendText(res, 409, 'Entry exists and cannot be replaced');
    }

    const body = new ExactLength(size);
    // Forward a dropped connection into the body, without pipeline(): destroying `req` would
    // destroy the socket and leave no way to answer a storage failure.
    let clientError: Error | undefined;
    const onClientError = (err: Error) => {
      clientError = err;
      body.destroy(err);
    };
    const onClose = () => {
      if (!req.complete) onClientError(new Error('connection closed before the whole body arrived'));
    };
    req.once('error', onClientError);
    req.once('close', onClose);
    req.pipe(body);
    let outcome;
    try {
      outcome = await storage.put(hash, body, size);
    } catch (err) {
      req.unpipe(body);
      req.resume(); // discard whatever still arrives
      if (clientError || err instanceof BodyLengthError) {
        metrics.inc('aborted_uploads');
        ctx.note = `upload incomplete, nothing stored: ${String(clientError ?? err)}`;
        if (req.destroyed) return void res.destroy();
        return sendText(res, 400, 'Request body incomplete', true);
      }
      metrics.inc('errors');
      metrics.inc('failed_writes');
      ctx.level = 'error';
      ctx.note = `storage error, not stored: ${String(err)}`;
      const why = isOutOfSpace(err) ? 'cache storage is full' : 'cache storage error';
      return sendText(res, 403, `Not stored: ${why} (see the cache server's log)`, true);
    } finally {
      req.off('close', onClose);
      req.off('error', onClientError);
    }
    if (outcome === 'exists') {
      metrics.inc('rejected_writes');
      return sendText(res, 409, 'Entry exists and cannot be replaced');
    }
    ctx.bytes = size;
    metrics.inc('writes');
    metrics.inc('bytes_in', size);
    res.writeHead(200, { 'Content-Type': TEXT, 'Content-Length': 0 });
    res.end();
  }

  return {
    server,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        closing = true;
        // In-flight responses not yet started go out with `Connection: close`.
        for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** The path without query string; never the headers (they hold the token). */
function safePath(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return (q === -1 ? raw : raw.slice(0, q)).slice(0, 200);
}

function sendText(res: ServerResponse, status: number, message: string, closeConnection = false): void {
  const body = Buffer.from(message + '\n');
  const headers: Record<string, string | number> = { 'Content-Type': TEXT, 'Content-Length': body.length };
  // Unread upload bodies: close instead of draining megabytes we will not store. 403/409 keep the
  // connection and let Node drain, so Nx reads the answer instead of a reset mid-upload.
  if (closeConnection) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}
