import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envFingerprint, pluginVersion } from './env-fingerprint-cli';

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
});
