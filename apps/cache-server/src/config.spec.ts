import { resolveConfig, type ConfigSources } from './config';

const W = 'a'.repeat(32);
const R = 'b'.repeat(32);
const src = (argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}): ConfigSources => ({
  argv,
  env: { NX_CACHE_SERVER_WRITE_TOKENS: W, ...env },
  cwd: '/srv',
  readFile: (p) => {
    if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
    return files[p];
  },
});

describe('resolveConfig', () => {
  it('has safe defaults: loopback, local storage, tokens from env', () => {
    const c = resolveConfig(src([], { NX_CACHE_SERVER_READ_TOKENS: ` ${R} , ` }));
    expect(c).toEqual({
      port: 8787,
      host: '127.0.0.1',
      maxBodyBytes: 1024 ** 3,
      shutdownTimeoutMs: 30_000,
      readTokens: [R],
      writeTokens: [W],
      storage: { type: 'local', dir: '/srv/.nx-remote-cache', maxBytes: 10 * 1024 ** 3 },
    });
  });

  it('reads the command line over the config file', () => {
    const file = JSON.stringify({ port: 9000, host: '0.0.0.0', dir: 'store', maxSize: '1GB', readTokens: [R] });
    const c = resolveConfig(src(['--config', 'cache.json', '--port', '0', '--max-body', '5MB'], {}, { '/srv/cache.json': file }));
    expect(c).toMatchObject({ port: 0, host: '0.0.0.0', maxBodyBytes: 5 * 1024 ** 2, readTokens: [R], writeTokens: [W] });
    expect(c !== 'help' && c.storage).toEqual({ type: 'local', dir: '/srv/store', maxBytes: 1024 ** 3 });
  });

  it('selects S3 storage with a bucket', () => {
    const c = resolveConfig(src(['--s3-bucket', 'team-cache', '--s3-prefix', 'nx', '--s3-endpoint', 'http://127.0.0.1:9000', '--s3-force-path-style']));
    expect(c !== 'help' && c.storage).toEqual({
      type: 's3',
      bucket: 'team-cache',
      prefix: 'nx',
      endpoint: 'http://127.0.0.1:9000',
      region: undefined,
      forcePathStyle: true,
    });
  });

  it('returns help for --help', () => {
    expect(resolveConfig(src(['--help']))).toBe('help');
  });

  it.each([
    [['--port', 'eighty'], {}, '--port is "eighty"; expected a whole number from 0 to 65535'],
    [['--port', '70000'], {}, '--port is "70000"; expected a whole number from 0 to 65535'],
    [['--bogus'], {}, "Unknown option '--bogus'"],
    [['--max-size', 'lots'], {}, '--max-size: "lots" is not a size'],
    [['--s3-bucket', 'b', '--s3-endpoint', 'minio:9000'], {}, '--s3-endpoint "minio:9000" is not a URL'],
    [[], { NX_CACHE_SERVER_WRITE_TOKENS: 'short' }, 'NX_CACHE_SERVER_WRITE_TOKENS / writeTokens: token #1 (5 characters) is too weak'],
    [[], { NX_CACHE_SERVER_WRITE_TOKENS: '' }, 'no tokens configured'],
    [['--config', 'missing.json'], {}, 'config file /srv/missing.json: ENOENT'],
  ])('rejects %j %j with a one-line error', (argv, env, message) => {
    let err: Error | undefined;
    try {
      resolveConfig(src(argv as string[], env as Record<string, string>));
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toContain(message);
    expect(err?.message).not.toContain('\n');
  });

  it('rejects unknown config fields and never echoes a token', () => {
    const files = { '/srv/c.json': JSON.stringify({ writeTokens: ['tiny-secret'] }), '/srv/d.json': JSON.stringify({ prot: 1 }) };
    expect(() => resolveConfig(src(['--config', 'd.json'], {}, files))).toThrow('config file /srv/d.json: unknown field "prot"');
    let message = '';
    try {
      resolveConfig(src(['--config', 'c.json'], {}, files));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('writeTokens: token #2 (11 characters) is too weak');
    expect(message).not.toContain('tiny-secret');
  });

  it('never echoes a token from a config file that is not valid JSON', () => {
    const secret = 'Zq7s3cr3tT0k3nXy9w1v2u3t4s5r6q7p';
    const files = {
      '/srv/comma.json': `{"writeTokens": ["${secret}",]}`, // trailing comma
      '/srv/bare.json': `{"writeTokens": [${secret}]}`, // forgot the quotes
      '/srv/short.json': `{"writeTokens":["${secret}"]x`,
    };
    for (const f of Object.keys(files)) {
      let message = '';
      try {
        resolveConfig(src(['--config', f], {}, files));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`cache-server: config file ${f}: `);
      expect(message).toContain('expected a JSON object');
      for (let i = 0; i + 4 <= secret.length; i++) expect(message).not.toContain(secret.slice(i, i + 4));
    }
  });
});
