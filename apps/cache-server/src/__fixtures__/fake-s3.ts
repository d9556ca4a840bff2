import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal path-style S3 endpoint for tests (PUT/GET/HEAD object, If-None-Match: *), no
 * signature checks. Stores an object only when the whole announced body arrived, like S3.
 */
export class FakeS3 {
  readonly objects = new Map<string, Buffer>();
  failGets = false;
  requests: string[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const key = decodeURIComponent((req.url ?? '/').split('?')[0].slice(1)); // "bucket/key"
      this.requests.push(`${req.method} ${key}`);
      const error = (status: number, code: string) => {
        const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
        res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (req.method === 'PUT') {
        const expected = Number(req.headers['content-length']);
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          if (body.length !== expected) return error(400, 'IncompleteBody');
          if (req.headers['if-none-match'] === '*' && this.objects.has(key)) return error(412, 'PreconditionFailed');
          this.objects.set(key, body);
          res.writeHead(200, { ETag: '"x"', 'Content-Length': 0 });
          res.end();
        });
        return;
      }
      if (req.method === 'GET' && this.failGets) return error(500, 'InternalError');
      const obj = this.objects.get(key);
      if (!obj) return error(404, req.method === 'HEAD' ? 'NotFound' : 'NoSuchKey');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': obj.length, ETag: '"x"' });
      res.end(req.method === 'HEAD' ? undefined : obj);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => {
      this.server?.closeAllConnections();
      this.server?.close(() => r());
    });
  }
}
