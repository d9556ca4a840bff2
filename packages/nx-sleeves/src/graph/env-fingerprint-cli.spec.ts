import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { envFingerprint, pluginCodeDigest, pluginVersion, runtimeCodeDigest } from './env-fingerprint-cli';

describe('envFingerprint', () => {
  it('changes with TV_* overrides but not with TV_RUN_ID, TV_PROFILE or other variables', () => {
    const base = envFingerprint({ PATH: '/bin', TV_RISK__ENGINE: 'hrp' }, '1.0.0');
    expect(envFingerprint({ PATH: '/usr/bin', TV_RISK__ENGINE: 'hrp', TV_RUN_ID: 'x', TV_PROFILE: 'p', HOME: '/h' }, '1.0.0')).toBe(base);
    expect(envFingerprint({ TV_RISK__ENGINE: 'equal_weight' }, '1.0.0')).not.toBe(base);
    expect(envFingerprint({ TV_RISK__ENGINE: 'hrp', TV_DATA__LOOKBACK_DAYS: '10' }, '1.0.0')).not.toBe(base);
    expect(envFingerprint({ TV_RISK__ENGINE: 'hrp' }, '1.0.1')).not.toBe(base);
  });

  it('prints the plugin version and a digest, never the values', () => {
    const line = envFingerprint({ TV_SECRET_TOKEN: 'hunter2' }, '1.2.3');
    expect(line).toMatch(/^nx-sleeves@1\.2\.3 tv-overrides:1:[0-9a-f]{64}$/);
    expect(line).not.toContain('hunter2');
  });

  it('reads the version from the plugin package.json', () => {
    expect(pluginVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  const cli = join(__dirname, '..', '..', 'dist', 'graph', 'env-fingerprint-cli.js');
  (existsSync(cli) ? it : it.skip)('runs as the runtime-input command (compiled)', () => {
    const out = execFileSync(process.execPath, [cli], { env: { TV_X: '1' }, encoding: 'utf8' });
    expect(out.trim()).toBe(envFingerprint({ TV_X: '1' }, pluginVersion()));
  });

  (existsSync(join(__dirname, '..', '..', 'dist')) ? it : it.skip)('carries a digest of the compiled plugin code in the version', () => {
    expect(pluginVersion()).toMatch(/^\d+\.\d+\.\d+\+code\.[0-9a-f]{64}$/);
  });
});

describe('pluginCodeDigest', () => {
  let base: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), text);
  };
  const dist = (n: string) => {
    write(`${n}/dist/engine/engine.js`, 'exports.a = 1;');
    write(`${n}/dist/worker/worker.js`, 'exports.w = 1;');
    write(`${n}/dist/engine/engine.js.map`, '{"sources":["/abs/src/engine.ts"]}');
    write(`${n}/dist/engine/engine.d.ts`, 'export declare const a = 1;');
    write(`${n}/dist/generators/sleeve/generator.js`, 'exports.g = 1;');
    return join(base, n, 'dist');
  };
  beforeEach(() => (base = mkdtempSync(join(tmpdir(), 'nxs-code-digest-'))));
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('changes with the code that runs a sleeve, not with maps, declarations, generators or the folder', () => {
    const d = dist('one');
    const before = pluginCodeDigest(d);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(pluginCodeDigest(dist('elsewhere'))).toBe(before);
    write('one/dist/engine/engine.js.map', '{"sources":["/other/src/engine.ts"]}');
    write('one/dist/engine/engine.d.ts', '// changed');
    write('one/dist/generators/sleeve/generator.js', 'exports.g = 2;');
    expect(pluginCodeDigest(d)).toBe(before);
    write('one/dist/worker/worker.js', 'exports.w = 2;');
    expect(pluginCodeDigest(d)).not.toBe(before);
  });

  it('covers the compiled contracts package too (runtimeCodeDigest)', () => {
    const plugin = dist('plugin');
    write('contracts/dist/names.js', 'exports.NAME_PATTERN = /^a$/;');
    const before = runtimeCodeDigest(plugin, join(base, 'contracts', 'dist'));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    write('contracts/dist/names.js', 'exports.NAME_PATTERN = /^b$/;');
    expect(runtimeCodeDigest(plugin, join(base, 'contracts', 'dist'))).not.toBe(before);
  });

  it('is "none" without a dist folder', () => {
    expect(pluginCodeDigest(join(base, 'missing'))).toBe('none');
  });
});
