import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveRunId, normalizeExecutorOptions, outputsCover, type NormalizeContext } from './options';

const ws = '/ws';
function ctx(over: Partial<NormalizeContext> = {}): NormalizeContext {
  return {
    workspaceRoot: ws,
    projectName: 'alpha',
    projectRoot: 'apps/alpha',
    isMeta: false,
    env: {},
    resolveModule: (request) => {
      const known: Record<string, string> = {
        '@nx-sleeves/pipeline': '/ws/libs/pipeline/dist/index.js',
        '@nx-sleeves/pipeline/dist/meta/index.js': '/ws/libs/pipeline/dist/meta/index.js',
        '/ws/tools/my-pipeline.js': '/ws/tools/my-pipeline.js',
      };
      if (known[request]) return known[request];
      throw new Error(`Cannot find module '${request}'`);
    },
    isDirectory: (p) => p === '/ws/data/lakehouse',
    ...over,
  };
}

describe('normalizeExecutorOptions', () => {
  it('builds an absolute engine spec with the defaults', () => {
    expect(normalizeExecutorOptions({ profile: 'alpha' }, ctx())).toEqual({
      name: 'alpha',
      profile: 'alpha',
      runId: 'dev',
      pipeline: '/ws/libs/pipeline/dist/index.js',
      lakehouse: '/ws/data/lakehouse',
      outputPath: '/ws/dist/sleeves/alpha/dev',
      workspaceRoot: '/ws',
      projectRoot: '/ws/apps/alpha',
    });
  });

  it('takes an absolute lakehouse outside the workspace (a shared mount)', () => {
    const spec = normalizeExecutorOptions({ profile: 'a', lakehouse: '/mnt/team/lakehouse/' }, ctx({ isDirectory: (p) => p === '/mnt/team/lakehouse' }));
    expect(spec.lakehouse).toBe('/mnt/team/lakehouse');
  });

  it('takes the run id from the option, else TV_RUN_ID, else dev', () => {
    expect(effectiveRunId({ runId: 'A' }, { TV_RUN_ID: 'B' })).toEqual({ runId: 'A', source: 'option "runId"' });
    expect(effectiveRunId({}, { TV_RUN_ID: 'B' })).toEqual({ runId: 'B', source: 'env TV_RUN_ID' });
    expect(effectiveRunId({}, {})).toEqual({ runId: 'dev', source: 'default' });
    expect(normalizeExecutorOptions({ profile: 'alpha' }, ctx({ env: { TV_RUN_ID: 'nightly' } })).outputPath).toBe('/ws/dist/sleeves/alpha/nightly');
  });

  it('uses the meta pipeline for a meta-portfolio and passes resources and flags through', () => {
    const spec = normalizeExecutorOptions(
      { profile: 'meta', cpus: 2, memoryMb: 1024, timeoutMs: 5000, maxRetries: 1, envAllow: ['TV_*', 'HOME'], keepSandbox: true, outputsRoot: 'out' },
      ctx({ isMeta: true, projectName: 'meta' }),
    );
    expect(spec).toMatchObject({
      pipeline: '/ws/libs/pipeline/dist/meta/index.js',
      cpus: 2,
      memoryMb: 1024,
      timeoutMs: 5000,
      maxRetries: 1,
      envAllow: ['TV_*', 'HOME'],
      keepSandbox: true,
      outputPath: '/ws/out/meta/dev',
    });
  });

  it('resolves a pipeline path relative to the workspace root, and takes a command instead', () => {
    expect(normalizeExecutorOptions({ profile: 'a', pipeline: 'tools/my-pipeline.js' }, ctx()).pipeline).toBe('/ws/tools/my-pipeline.js');
    const spec = normalizeExecutorOptions({ profile: 'a', command: ['uv', 'run', '{profile}'], outputPath: 'out/a' }, ctx());
    expect(spec).toMatchObject({ command: ['uv', 'run', '{profile}'], outputPath: '/ws/out/a' });
    expect(spec.pipeline).toBeUndefined();
  });

  it.each([
    [{ profile: '../etc' }, {}, 'option "profile": invalid value "../etc"; expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$ (no path separators)'],
    [{ profile: 'a', runId: 'a/b' }, {}, 'option "runId": invalid value "a/b"'],
    [{ profile: 'a' }, { env: { TV_RUN_ID: '..' } }, 'option "runId (from env TV_RUN_ID)": invalid value ".."'],
    [{ profile: 'a', pipeline: 'nope.js' }, {}, 'option "pipeline": invalid value "nope.js"; expected a JS module exporting run(context)'],
    [{ profile: 'a', pipeline: 'x', command: ['y'] }, {}, 'option "pipeline": invalid value "x"; expected either "pipeline" or "command", not both'],
    [{ profile: 'a', command: [] }, {}, 'option "command": invalid value []; expected a non-empty array'],
    [{ profile: 'a', lakehouse: 'missing' }, {}, 'option "lakehouse": invalid value "missing"; expected an existing directory (/ws/missing does not exist'],
    [
      { profile: 'a', lakehouse: '/mnt/lake' },
      {},
      'option "lakehouse": invalid value "/mnt/lake"; expected an existing directory (/mnt/lake does not exist or is not mounted)',
    ],
    [
      { profile: 'a', lakehouse: '/ws/data/lakehouse' },
      {},
      'option "lakehouse": invalid value "/ws/data/lakehouse"; expected a workspace-relative path for a folder inside the workspace ("data/lakehouse")',
    ],
    [
      { profile: 'a', lakehouse: '/mnt/x/../y' },
      {},
      'option "lakehouse": invalid value "/mnt/x/../y"; expected a path relative to the workspace root without "..", or an absolute path',
    ],
    [{ profile: 'a', outputPath: '../x' }, {}, 'option "outputPath": invalid value "../x"'],
    [{ profile: 'a', cpus: 0 }, {}, 'option "cpus": invalid value 0; expected a number > 0'],
    [{ profile: 'a', memoryMb: 63 }, {}, 'option "memoryMb": invalid value 63; expected an integer >= 64'],
    [{ profile: 'a', maxRetries: -1 }, {}, 'option "maxRetries": invalid value -1; expected an integer >= 0'],
    [{ profile: 'a', command: ['x', ''] }, {}, 'option "command": invalid value ["x",""]; expected a non-empty array of non-empty strings (argv)'],
    [{ profile: 'a', keepSandbox: 'yes' }, {}, 'option "keepSandbox": invalid value "yes"; expected true or false'],
    [{ profile: 'a', envAllow: ['A B'] }, {}, 'option "envAllow": invalid value ["A B"]'],
    [{ profile: 'a', configError: 'apps/a/sleeve.json: invalid JSON: x' }, {}, 'apps/a/sleeve.json: invalid JSON: x'],
  ])('rejects %j with a one-line error', (options, over, message) => {
    expect(() => normalizeExecutorOptions(options as never, ctx(over as Partial<NormalizeContext>))).toThrow(message);
  });

  it('names the default pipeline package and the command that installs it when it is not installed', () => {
    const version = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).peerDependencies['@nx-sleeves/pipeline'];
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const missing = ctx({
      resolveModule: () => {
        throw new Error('no');
      },
    });
    expect(() => normalizeExecutorOptions({ profile: 'a' }, missing)).toThrow(
      `option "pipeline": invalid value "@nx-sleeves/pipeline"; expected an installed package (package "@nx-sleeves/pipeline" is not installed in /ws; install it with: npm install -D @nx-sleeves/pipeline@${version})`,
    );
    expect(() => normalizeExecutorOptions({ profile: 'm' }, { ...missing, isMeta: true })).toThrow(
      `install it with: npm install -D @nx-sleeves/pipeline@${version}`,
    );
  });

  it('does not claim a package is missing when it is installed but the module path is wrong, nor for a file path', () => {
    expect(() =>
      normalizeExecutorOptions(
        { profile: 'a', pipeline: '@nx-sleeves/pipeline/dist/nope.js' },
        ctx({
          resolveModule: (r) => {
            if (r === '@nx-sleeves/pipeline/package.json') return '/ws/libs/pipeline/package.json';
            throw new Error('no');
          },
        }),
      ),
    ).toThrow('option "pipeline": invalid value "@nx-sleeves/pipeline/dist/nope.js"; expected a JS module exporting run(context)');
    expect(() => normalizeExecutorOptions({ profile: 'a', pipeline: 'scripts/pipeline.js' }, ctx())).toThrow(
      'option "pipeline": invalid value "scripts/pipeline.js"; expected a JS module exporting run(context)',
    );
  });
});

describe('outputsCover', () => {
  it('accepts the declared folder, a parent or nothing declared; refuses another run id', () => {
    expect(outputsCover(['dist/sleeves/a/dev'], 'dist/sleeves/a/dev')).toBe(true);
    expect(outputsCover(['dist/sleeves/a'], 'dist/sleeves/a/dev')).toBe(true);
    expect(outputsCover([], 'dist/sleeves/a/dev')).toBe(true);
    expect(outputsCover(undefined, 'dist/sleeves/a/dev')).toBe(true);
    expect(outputsCover(['dist/sleeves/a/dev'], 'dist/sleeves/a/nightly')).toBe(false);
    expect(outputsCover(['dist/sleeves/a/dev'], 'dist/sleeves/a/dev2')).toBe(false);
  });
});
