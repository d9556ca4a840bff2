import { Transform, type TransformCallback } from 'node:stream';

/** Thrown when an upload's body is shorter or longer than its Content-Length. */
export class BodyLengthError extends Error {
  constructor(
    readonly expected: number,
    readonly received: number,
  ) {
    super(`request body: received ${received} bytes, Content-Length said ${expected}`);
  }
}

/**
 * Passes bytes through, counting them; errors (so the storage discards the upload) when more
 * than `expected` arrive or the stream ends short. Node's HTTP parser already stops at
 * Content-Length and errors on a dropped connection: this is the storage-side guarantee that
 * only a complete body can become an entry, whatever the transport did.
 */
export class ExactLength extends Transform {
  private received = 0;

  constructor(
    private readonly expected: number,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.expected) return done(new BodyLengthError(this.expected, this.received));
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.received === this.expected ? null : new BodyLengthError(this.expected, this.received));
  }
}

/** Parses a Content-Length header: a non-negative decimal integer, else null. */
export function parseContentLength(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}
