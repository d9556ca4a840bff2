import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Logger } from '../log';
import type { CacheStorage, PutOutcome, StoredEntry } from './storage';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix, e.g. `nx/` (a trailing `/` is added when missing). */
  prefix?: string;
  /** For S3-compatible stores: MinIO, Ceph RGW, Cloudflare R2, ... */
  endpoint?: string;
  region?: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (MinIO, most self-hosted stores). */
  forcePathStyle?: boolean;
  log: Logger;
  /** Injected in tests; otherwise built from the options and the SDK's default credential chain. */
  client?: S3Client;
}

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const nameOf = (err: unknown) => (err as { name?: string })?.name;

/**
 * Entries are objects `<prefix><hash>`. A PUT streams the request body straight to PutObject with
 * its exact Content-Length (S3 creates an object only when the whole body arrived) and
 * `If-None-Match: *`, so a concurrent writer cannot replace an existing entry. Credentials come
 * from the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles).
 * No size cap or eviction here: use the bucket's lifecycle rules.
 */
export class S3Storage implements CacheStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly opts: S3StorageOptions) {
    this.prefix = opts.prefix ? opts.prefix.replace(/\/*$/, '/') : '';
    this.client =
      opts.client ??
      new S3Client({
        region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
        endpoint: opts.endpoint,
        forcePathStyle: opts.forcePathStyle,
        // Plain Content-Length uploads (no aws-chunked trailers): what every S3-compatible store accepts.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // The SDK's own warnings go to our JSON log instead of bare console lines.
        logger: {
          debug: () => undefined,
          info: () => undefined,
          warn: (...args: unknown[]) => opts.log('warn', 's3 sdk', { detail: args.map(String).join(' ') }),
          error: (...args: unknown[]) => opts.log('error', 's3 sdk', { detail: args.map(String).join(' ') }),
        },
      });
  }

  private key(hash: string): string {
    return this.prefix + hash;
  }

  async init(): Promise<void> {
    this.opts.log('info', 's3 storage ready', { bucket: this.opts.bucket, prefix: this.prefix, endpoint: this.opts.endpoint });
  }

  async has(hash: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.key(hash) }));
      return true;
    } catch (err) {
      if (statusOf(err) === 404 || nameOf(err) === 'NotFound') return false;
      throw err;
    }
  }

  async get(hash: string): Promise<StoredEntry | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(hash) }));
      if (!out.Body || out.ContentLength === undefined) throw new Error(`s3: GetObject ${this.key(hash)} returned no body`);
      return { size: out.ContentLength, stream: out.Body as Readable };
    } catch (err) {
      if (statusOf(err) === 404 || nameOf(err) === 'NoSuchKey') return null;
      throw err;
    }
  }

  async put(hash: string, body: Readable, size: number): Promise<PutOutcome> {
    // If the client goes away mid-body, abort the upload so S3 never completes the object.
    const abort = new AbortController();
    const onError = (err: Error) => abort.abort(err);
    body.once('error', onError);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: this.key(hash),
          Body: body,
          ContentLength: size,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
        }),
        { abortSignal: abort.signal },
      );
      return 'stored';
    } catch (err) {
      // 412: the object exists; 409: a concurrent conditional write won the race.
      if (statusOf(err) === 412 || statusOf(err) === 409 || nameOf(err) === 'PreconditionFailed') return 'exists';
      throw abort.signal.aborted ? (abort.signal.reason ?? err) : err;
    } finally {
      body.off('error', onError);
    }
  }

  gauges() {
    return undefined;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
