import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseSize } from './size';

export type StorageConfig =
  | { type: 'local'; dir: string; maxBytes: number }
  | { type: 's3'; bucket: string; prefix?: string; endpoint?: string; region?: string; forcePathStyle: boolean };

export interface ServerConfig {
  port: number;
  host: string;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  readTokens: string[];
  writeTokens: string[];
  storage: StorageConfig;
}

export const USAGE = `Usage: cache-server [options]
  --port <n>              port (default 8787; 0 = any free port)
  --host <addr>           interface (default 127.0.0.1; 0.0.0.0 to serve a team)
  --dir <path>            local storage folder (default .nx-remote-cache)
  --max-size <size>       local storage cap, LRU eviction beyond it (default 10GB)
  --max-body <size>       largest accepted entry (default 1GB)
  --s3-bucket <name>      store in S3 (or MinIO/Ceph/R2) instead of --dir
  --s3-prefix <prefix>    key prefix inside the bucket
  --s3-endpoint <url>     endpoint of an S3-compatible store
  --s3-region <region>    region (default $AWS_REGION or us-east-1)
  --s3-force-path-style   path-style URLs (MinIO)
  --shutdown-timeout <s>  seconds to finish in-flight requests on SIGTERM (default 30)
  --config <file>         JSON file with the same settings (camelCase) and readTokens/writeTokens
Tokens: NX_CACHE_SERVER_READ_TOKENS, NX_CACHE_SERVER_WRITE_TOKENS (comma-separated), and/or the config file.`;

const FILE_FIELDS = ['port', 'host', 'dir', 'maxSize', 'maxBody', 'shutdownTimeout', 'readTokens', 'writeTokens', 's3'] as const;
const S3_FIELDS = ['bucket', 'prefix', 'endpoint', 'region', 'forcePathStyle'] as const;
const MIN_TOKEN_LENGTH = 16;

type FileConfig = Partial<{
  port: number;
  host: string;
  dir: string;
  maxSize: string | number;
  maxBody: string | number;
  shutdownTimeout: number;
  readTokens: string[];
  writeTokens: string[];
  s3: Partial<{ bucket: string; prefix: string; endpoint: string; region: string; forcePathStyle: boolean }>;
}>;

export interface ConfigSources {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  readFile: (path: string) => string;
}

/**
 * Settings from command line > config file > defaults; tokens from the env vars and the file.
 * Pure apart from `readFile`; throws a one-line error naming the option, the value and what was expected.
 */
export function resolveConfig(src: ConfigSources): ServerConfig | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: src.argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        dir: { type: 'string' },
        'max-size': { type: 'string' },
        'max-body': { type: 'string' },
        's3-bucket': { type: 'string' },
        's3-prefix': { type: 'string' },
        's3-endpoint': { type: 'string' },
        's3-region': { type: 'string' },
        's3-force-path-style': { type: 'boolean' },
        'shutdown-timeout': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new Error(`cache-server: ${(err as Error).message.split('\n')[0]} (see --help)`, { cause: err });
  }
  if (values.help) return 'help';

  const configPath = (values.config as string | undefined) ?? src.env.NX_CACHE_SERVER_CONFIG;
  const file = configPath ? readConfigFile(resolve(src.cwd, configPath), src.readFile) : {};
  const where = (opt: string, field: string) => (values[opt] !== undefined ? `--${opt}` : `${configPath}: ${field}`);

  const port = toInt(where('port', 'port'), values.port ?? file.port ?? 8787, 0, 65535);
  const host = (values.host as string | undefined) ?? file.host ?? '127.0.0.1';
  const maxBodyBytes = parseSize(where('max-body', 'maxBody'), (values['max-body'] as string | undefined) ?? file.maxBody ?? '1GB');
  const shutdownTimeoutMs = 1000 * toInt(where('shutdown-timeout', 'shutdownTimeout'), values['shutdown-timeout'] ?? file.shutdownTimeout ?? 30, 0, 86400);

  const readTokens = [...splitTokens(src.env.NX_CACHE_SERVER_READ_TOKENS), ...(file.readTokens ?? [])];
  const writeTokens = [...splitTokens(src.env.NX_CACHE_SERVER_WRITE_TOKENS), ...(file.writeTokens ?? [])];
  checkTokens('NX_CACHE_SERVER_READ_TOKENS / readTokens', readTokens);
  checkTokens('NX_CACHE_SERVER_WRITE_TOKENS / writeTokens', writeTokens);
  if (readTokens.length + writeTokens.length === 0) {
    throw new Error(
      'cache-server: no tokens configured; expected NX_CACHE_SERVER_WRITE_TOKENS and/or NX_CACHE_SERVER_READ_TOKENS (comma-separated) or readTokens/writeTokens in the config file',
    );
  }

  const bucket = (values['s3-bucket'] as string | undefined) ?? file.s3?.bucket;
  let storage: StorageConfig;
  if (bucket) {
    storage = {
      type: 's3',
      bucket,
      prefix: (values['s3-prefix'] as string | undefined) ?? file.s3?.prefix,
      endpoint: (values['s3-endpoint'] as string | undefined) ?? file.s3?.endpoint,
      region: (values['s3-region'] as string | undefined) ?? file.s3?.region,
      forcePathStyle: Boolean(values['s3-force-path-style'] ?? file.s3?.forcePathStyle ?? false),
    };
    if (storage.endpoint && !/^https?:\/\/[^\s/]+/.test(storage.endpoint)) {
      throw new Error(`cache-server: --s3-endpoint "${storage.endpoint}" is not a URL; expected e.g. http://127.0.0.1:9000`);
    }
    if (storage.prefix && !/^[A-Za-z0-9._\-/]*$/.test(storage.prefix)) {
      throw new Error(`cache-server: --s3-prefix "${storage.prefix}" has unexpected characters; expected letters, digits, . _ - /`);
    }
  } else {
    storage = {
      type: 'local',
      dir: resolve(src.cwd, (values.dir as string | undefined) ?? file.dir ?? '.nx-remote-cache'),
      maxBytes: parseSize(where('max-size', 'maxSize'), (values['max-size'] as string | undefined) ?? file.maxSize ?? '10GB'),
    };
  }
  return { port, host, maxBodyBytes, shutdownTimeoutMs, readTokens, writeTokens, storage };
}

function readConfigFile(path: string, readFile: (p: string) => string): FileConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(path));
  } catch (err) {
    throw new Error(`cache-server: config file ${path}: ${parseErrorText(err)}; expected a JSON object`, { cause: err });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`cache-server: config file ${path}: expected a JSON object`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key === '$schema') continue;
    if (!(FILE_FIELDS as readonly string[]).includes(key)) {
      throw new Error(`cache-server: config file ${path}: unknown field "${key}"; expected one of ${FILE_FIELDS.join(', ')}`);
    }
  }
  for (const key of ['readTokens', 'writeTokens'] as const) {
    const v = obj[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((t) => typeof t !== 'string'))) {
      throw new Error(`cache-server: config file ${path}: ${key} must be an array of strings`);
    }
  }
  for (const key of ['host', 'dir'] as const) {
    if (obj[key] !== undefined && typeof obj[key] !== 'string') {
      throw new Error(`cache-server: config file ${path}: ${key} is ${JSON.stringify(obj[key])}; expected a string`);
    }
  }
  if (obj.s3 !== undefined) {
    if (!obj.s3 || typeof obj.s3 !== 'object') throw new Error(`cache-server: config file ${path}: s3 must be an object`);
    for (const key of Object.keys(obj.s3)) {
      if (!(S3_FIELDS as readonly string[]).includes(key)) {
        throw new Error(`cache-server: config file ${path}: unknown field "s3.${key}"; expected one of ${S3_FIELDS.join(', ')}`);
      }
    }
  }
  return obj as FileConfig;
}

/**
 * The reason a config file could not be read or parsed, without quoting the file: V8's JSON.parse errors
 * ("Unexpected token 'x', ..."s3cr3t-tok"... is not valid JSON") quote the text around the error, and the
 * file holds the tokens. Positions are kept, quoted text is not.
 */
function parseErrorText(err: unknown): string {
  const msg = (err as Error)?.message?.split('\n')[0] ?? String(err);
  if (!(err instanceof SyntaxError)) return msg;
  return / is not valid JSON$/.test(msg) || /["']/.test(msg) ? 'not valid JSON (unexpected token)' : msg;
}

function toInt(field: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`cache-server: ${field} is ${JSON.stringify(value)}; expected a whole number from ${min} to ${max}`);
  }
  return n;
}

function splitTokens(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Never echoes a token: only its position and length. */
function checkTokens(field: string, tokens: string[]): void {
  tokens.forEach((t, i) => {
    if (t.length < MIN_TOKEN_LENGTH || /\s/.test(t)) {
      throw new Error(
        `cache-server: ${field}: token #${i + 1} (${t.length} characters) is too weak; expected at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. \`openssl rand -hex 32\`)`,
      );
    }
  });
}
