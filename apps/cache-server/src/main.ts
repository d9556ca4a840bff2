#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { TokenSet } from './auth';
import { resolveConfig, USAGE, type ServerConfig } from './config';
import { jsonLogger, type Logger } from './log';
import { createCacheServer } from './server';
import { LocalStorage } from './storage/local-storage';
import type { CacheStorage } from './storage/storage';

export async function createStorage(config: ServerConfig, log: Logger): Promise<CacheStorage> {
  const s = config.storage;
  if (s.type === 'local') return new LocalStorage({ dir: s.dir, maxBytes: s.maxBytes, log });
  // Loaded only when used: the AWS SDK costs startup time.
  const { S3Storage } = await import('./storage/s3-storage');
  return new S3Storage({ bucket: s.bucket, prefix: s.prefix, endpoint: s.endpoint, region: s.region, forcePathStyle: s.forcePathStyle, log });
}

async function main(): Promise<void> {
  let config;
  try {
    config = resolveConfig({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), readFile: (p) => readFileSync(p, 'utf8') });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const log = jsonLogger();
  const storage = await createStorage(config, log);
  await storage.init();
  const cache = createCacheServer({ storage, tokens: new TokenSet(config.readTokens, config.writeTokens), maxBodyBytes: config.maxBodyBytes, log });
  const address = await cache.listen(config.port, config.host);
  log('info', 'listening', {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    port: address.port,
    storage: storage.kind,
    readTokens: config.readTokens.length,
    writeTokens: config.writeTokens.length,
    maxBodyBytes: config.maxBodyBytes,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down; finishing in-flight requests', { signal });
    const timer = setTimeout(() => {
      log('warn', 'shutdown timeout: dropping remaining connections', { timeoutMs: config.shutdownTimeoutMs });
      cache.server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    timer.unref();
    cache
      .close()
      .then(() => storage.close?.())
      .then(() => {
        log('info', 'stopped', {});
        process.exit(0);
      })
      .catch((err) => {
        log('error', 'shutdown failed', { error: String(err) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`cache-server: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
