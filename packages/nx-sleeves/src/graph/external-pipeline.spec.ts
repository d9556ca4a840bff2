/** Command sleeves: `command`, `pipelineInputs` and `envAllow` of a profile become target options and cache inputs. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allowedEnvDigest, envFingerprint, pluginVersion } from './env-fingerprint-cli';
import { normalizePluginOptions } from './plugin-options';
import { parseMetaPortfolio, parseSleeveProfile } from './profile';
import { buildSleeveTarget, ENV_FINGERPRINT_COMMAND, hashedEnvNames, type SleeveTargetInput } from './target';

const base = (over: Partial<SleeveTargetInput> = {}): SleeveTargetInput => ({
  kind: 'sleeve',
  profile: 'p',
  resources: {},
  options: normalizePluginOptions({ pipelineInputs: ['uv.lock'] }),
  pipeline: { kind: 'workspace', dir: 'libs/pipeline' } as never,
  defaultRunId: 'dev',
  codeInput: 'production',
  ...over,
});
const COMMAND = ['python3', '-m', 'teampipe', '--profile', '{profile}'];

describe('profile fields of an external pipeline', () => {
  it('reads command, pipelineInputs and envAllow from sleeve.json and meta-portfolio.json', () => {
    const json = { name: 's', command: COMMAND, pipelineInputs: ['teampipe/**/*.py'], envAllow: ['TV_*', 'PYTHONPATH', 'UV_*'] };
    expect(parseSleeveProfile(json, 'apps/s/sleeve.json')).toMatchObject({
      command: COMMAND,
      pipelineInputs: ['teampipe/**/*.py'],
      envAllow: ['TV_*', 'PYTHONPATH', 'UV_*'],
    });
    expect(parseMetaPortfolio({ name: 'm', sleeves: [{ id: 'a', project: 's' }], command: COMMAND }, 'apps/m/meta-portfolio.json').command).toEqual(COMMAND);
  });

  it.each([
    [{ command: [] }, 'apps/s/sleeve.json: command: invalid value []; expected a non-empty array of non-empty strings (argv)'],
    [{ command: 'python3 -m x' }, 'apps/s/sleeve.json: command: invalid value "python3 -m x"; expected a non-empty array'],
    [
      { pipelineInputs: ['../other/**'] },
      'apps/s/sleeve.json: pipelineInputs: invalid value ["../other/**"]; expected a non-empty array of workspace-relative globs',
    ],
    [{ pipelineInputs: ['/etc/passwd'] }, 'pipelineInputs: invalid value ["/etc/passwd"]'],
    [
      { envAllow: ['NOT-A-NAME'] },
      'apps/s/sleeve.json: envAllow: invalid value ["NOT-A-NAME"]; expected a non-empty array of variable names or PREFIX_* patterns',
    ],
  ])('refuses %j', (fields, message) => {
    expect(() => parseSleeveProfile({ name: 's', ...fields }, 'apps/s/sleeve.json')).toThrow(message);
  });

  it('validates the plugin option pipelineInputs', () => {
    expect(normalizePluginOptions({ pipelineInputs: ['scripts/**/*.py', 'uv.lock'] }).pipelineInputs).toEqual(['scripts/**/*.py', 'uv.lock']);
    expect(() => normalizePluginOptions({ pipelineInputs: 'uv.lock' })).toThrow(
      'nx.json plugin "nx-sleeves" option "pipelineInputs": invalid value "uv.lock"; expected an array of workspace-relative globs',
    );
    expect(() => normalizePluginOptions({ pipelineInputs: ['../x'] })).toThrow('option "pipelineInputs": invalid value ["../x"]');
  });
});

describe('the target of a command sleeve', () => {
  it("runs the command, hashes the plugin's and its own pipelineInputs and its allowed variables, not the pipeline package", () => {
    const t = buildSleeveTarget(
      base({ external: { command: COMMAND, pipelineInputs: ['teampipe/**/*.py'], envAllow: ['TV_*', 'PATH', 'PYTHONPATH', 'UV_*'] } }),
    );
    expect(t.options).toMatchObject({ command: COMMAND, envAllow: ['TV_*', 'PATH', 'PYTHONPATH', 'UV_*'] });
    expect(t.options).not.toHaveProperty('pipeline');
    expect(t.inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/uv.lock',
        '{workspaceRoot}/teampipe/**/*.py',
        { runtime: `${ENV_FINGERPRINT_COMMAND} --lakehouse data/lakehouse PYTHONPATH UV_*` },
      ]),
    );
    expect(t.inputs).not.toContainEqual({ input: 'production', projects: 'directory:libs/pipeline' });
  });

  it('a command sleeve without envAllow hashes PYTHONPATH (the default list minus TV_* and PATH)', () => {
    expect(hashedEnvNames({ command: COMMAND })).toEqual(['PYTHONPATH']);
    expect(hashedEnvNames({ command: COMMAND, envAllow: ['TV_*', 'PATH'] })).toEqual([]);
  });

  it('leaves a module sleeve as it was: no plugin pipelineInputs, the plain env fingerprint, the pipeline package code', () => {
    const t = buildSleeveTarget(base());
    expect(t.inputs).toContainEqual({ runtime: `${ENV_FINGERPRINT_COMMAND} --lakehouse data/lakehouse` });
    expect(t.inputs).toContainEqual({ input: 'production', projects: 'directory:libs/pipeline' });
    expect(t.inputs).not.toContain('{workspaceRoot}/uv.lock');
    expect(t.options).not.toHaveProperty('command');
  });

  it("a meta-portfolio command keeps hashing its sleeves' zips", () => {
    const t = buildSleeveTarget(base({ kind: 'meta', external: { command: COMMAND } }));
    expect(t.options).toMatchObject({ command: COMMAND });
    expect(t.inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/uv.lock', { dependentTasksOutputFiles: '**/artifacts.zip' }]));
  });
});

describe('allowed variables in the env fingerprint', () => {
  it('hashes exact names and PREFIX_* matches, tells unset from empty, never prints values', () => {
    const env = { PYTHONPATH: '/opt/team', UV_INDEX: 'secret-index', HOME: '/h' };
    const d = allowedEnvDigest(env, ['PYTHONPATH', 'UV_*']);
    expect(d).toMatch(/^env:2:[0-9a-f]{64}$/);
    expect(allowedEnvDigest({ ...env, HOME: '/other' }, ['PYTHONPATH', 'UV_*'])).toBe(d);
    expect(allowedEnvDigest({ ...env, PYTHONPATH: '/opt/other' }, ['PYTHONPATH', 'UV_*'])).not.toBe(d);
    expect(allowedEnvDigest({ ...env, UV_CACHE: 'x' }, ['PYTHONPATH', 'UV_*'])).not.toBe(d);
    expect(allowedEnvDigest({ PYTHONPATH: '' }, ['PYTHONPATH'])).not.toBe(allowedEnvDigest({}, ['PYTHONPATH']));
    const line = envFingerprint(env, '1.0.0', ['PYTHONPATH', 'UV_*']);
    expect(line).toMatch(/^nx-sleeves@1\.0\.0 tv-overrides:0:[0-9a-f]{64} env:2:[0-9a-f]{64}$/);
    expect(line).not.toContain('secret-index');
    expect(envFingerprint(env, '1.0.0')).toMatch(/^nx-sleeves@1\.0\.0 tv-overrides:0:[0-9a-f]{64}$/);
  });

  const cli = join(__dirname, '..', '..', 'dist', 'graph', 'env-fingerprint-cli.js');
  (existsSync(cli) ? it : it.skip)('the compiled CLI hashes the names it is given (the runtime input of a command sleeve)', () => {
    const env = { PYTHONPATH: '/opt/team', UV_INDEX: 'x', PATH: '/bin' };
    const out = execFileSync(process.execPath, [cli, 'PYTHONPATH', 'UV_*'], { env, encoding: 'utf8' }).trim();
    expect(out).toBe(envFingerprint(env, pluginVersion(), ['PYTHONPATH', 'UV_*']));
    expect(out).not.toContain('/opt/team');
  });
});
