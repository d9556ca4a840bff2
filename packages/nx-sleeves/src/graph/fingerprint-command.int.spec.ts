/**
 * A sleeve's one runtime input: the env fingerprint CLI also prints the default lakehouse fingerprint when given
 * `--lakehouse <dir>`. The command is taken from the built target and run compiled through `sh -c` in a workspace
 * root, as Nx runs runtime inputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { envFingerprint, parseEnvFingerprintArgs, pluginVersion } from './env-fingerprint-cli';
import { normalizePluginOptions } from './plugin-options';
import { buildSleeveTarget, ENV_FINGERPRINT_COMMAND, type SleeveTargetInput } from './target';

const PLUGIN_ROOT = join(__dirname, '..', '..');
const REPO_PIPELINE = join(PLUGIN_ROOT, '..', '..', 'libs', 'pipeline');

const input = (over: Partial<SleeveTargetInput> = {}, plugin: Record<string, unknown> = {}): SleeveTargetInput => ({
  kind: 'sleeve',
  profile: 'p',
  resources: {},
  options: normalizePluginOptions(plugin),
  pipeline: { kind: 'workspace', dir: 'libs/pipeline' } as never,
  defaultRunId: 'dev',
  codeInput: 'production',
  ...over,
});
const runtimeInputs = (t: SleeveTargetInput) =>
  (buildSleeveTarget(t).inputs ?? []).flatMap((i) => (typeof i === 'object' && 'runtime' in i ? [i.runtime] : []));

describe('the runtime inputs of a sleeve target', () => {
  it('is one command for the env and the default lakehouse fingerprint', () => {
    expect(runtimeInputs(input())).toEqual([`${ENV_FINGERPRINT_COMMAND} --lakehouse data/lakehouse`]);
    expect(runtimeInputs(input({}, { lakehouse: '/mnt/market data/lake' }))).toEqual([`${ENV_FINGERPRINT_COMMAND} --lakehouse "/mnt/market data/lake"`]);
    // A command sleeve's allowed names follow the lakehouse.
    expect(runtimeInputs(input({ external: { command: ['python3'], envAllow: ['TV_*', 'UV_*'] } }))).toEqual([
      `${ENV_FINGERPRINT_COMMAND} --lakehouse data/lakehouse UV_*`,
    ]);
    // The default command written out explicitly is the default.
    const explicit = { lakehouseFingerprint: 'node node_modules/nx-sleeves/dist/graph/lakehouse-fingerprint-cli.js {lakehouse}' };
    expect(runtimeInputs(input({}, explicit))).toEqual([`${ENV_FINGERPRINT_COMMAND} --lakehouse data/lakehouse`]);
  });

  it('keeps a custom lakehouseFingerprint command as its own input; false leaves the lakehouse out; a meta has no lakehouse', () => {
    expect(runtimeInputs(input({}, { lakehouseFingerprint: 'my-fp {lakehouse}' }))).toEqual([ENV_FINGERPRINT_COMMAND, 'my-fp data/lakehouse']);
    expect(runtimeInputs(input({}, { lakehouseFingerprint: false }))).toEqual([ENV_FINGERPRINT_COMMAND]);
    expect(runtimeInputs(input({ kind: 'meta' }))).toEqual([ENV_FINGERPRINT_COMMAND]);
  });

  it('parses --lakehouse <dir> before the allowed names', () => {
    expect(parseEnvFingerprintArgs(['--lakehouse', 'data/lakehouse', 'UV_*'])).toEqual({ lakehouse: 'data/lakehouse', allowed: ['UV_*'] });
    expect(parseEnvFingerprintArgs(['UV_*'])).toEqual({ allowed: ['UV_*'] });
    expect(() => parseEnvFingerprintArgs(['--lakehouse'])).toThrow('env-fingerprint-cli: --lakehouse needs a directory');
  });
});

describe('the merged fingerprint command, compiled', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const sh = (command: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync('sh', ['-c', command], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  const key = (env?: NodeJS.ProcessEnv) => {
    const r = sh(runtimeInputs(input())[0], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nxs-fp-command-'));
    write('data/lakehouse/NYSE_AAA_1d.parquet', 'bytes');
    mkdirSync(join(root, 'node_modules', '@nx-sleeves'), { recursive: true });
    symlinkSync(PLUGIN_ROOT, join(root, 'node_modules', 'nx-sleeves'));
    symlinkSync(REPO_PIPELINE, join(root, 'node_modules', '@nx-sleeves', 'pipeline'));
    write('nx.json', '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('prints the env fingerprint, then what the pipeline fingerprint CLI prints', () => {
    const direct = spawnSync(process.execPath, [join(REPO_PIPELINE, 'dist', 'lakehouse', 'fingerprint-cli.js'), 'data/lakehouse', '--no-cache'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(direct.status).toBe(0);
    expect(key({ TV_RISK__ENGINE: 'hrp' })).toBe(`${envFingerprint({ TV_RISK__ENGINE: 'hrp' }, pluginVersion())}\n${direct.stdout}`);
  });

  it('changes when a TV_ variable or a lakehouse file changes, and only then', () => {
    const before = key({ TV_RISK__ENGINE: 'hrp', HOME: '/a' });
    expect(key({ TV_RISK__ENGINE: 'hrp', HOME: '/b' })).toBe(before);
    const env = key({ TV_RISK__ENGINE: 'equal_weight' });
    expect(env).not.toBe(before);
    expect(env.split('\n')[1]).toBe(before.split('\n')[1]); // the lakehouse line is the same
    write('data/lakehouse/NYSE_AAA_1d.parquet', 'other bytes');
    const lake = key({ TV_RISK__ENGINE: 'hrp' });
    expect(lake).not.toBe(before);
    expect(lake.split('\n')[0]).toBe(before.split('\n')[0]); // the env line is the same
  });
});
