import { normalizePluginOptions } from './plugin-options';

describe('normalizePluginOptions', () => {
  it('fills the defaults', () => {
    expect(normalizePluginOptions(undefined)).toEqual({
      targetName: 'sleeve',
      cpus: 1,
      memoryMb: 3072,
      lakehouse: 'data/lakehouse',
      outputsRoot: 'dist/sleeves',
      lakehouseTarget: undefined,
      lakehouseFingerprint: 'node node_modules/nx-sleeves/dist/graph/lakehouse-fingerprint-cli.js data/lakehouse',
      pipelinePackage: '@nx-sleeves/pipeline',
      dashboard: true,
    });
  });

  it('dashboard: a boolean', () => {
    expect(normalizePluginOptions({ dashboard: false }).dashboard).toBe(false);
    expect(() => normalizePluginOptions({ dashboard: 'yes' })).toThrow(
      'nx.json plugin "nx-sleeves" option "dashboard": invalid value "yes"; expected true or false',
    );
  });

  it('takes valid options and substitutes the lakehouse into the fingerprint command', () => {
    const o = normalizePluginOptions({
      targetName: 'run-sleeve',
      cpus: 2,
      memoryMb: 1024,
      lakehouse: 'lake/house/',
      outputsRoot: 'out',
      lakehouseTarget: 'market-data:lakehouse',
      lakehouseFingerprint: 'node fp.js {lakehouse} --x',
    });
    expect(o).toMatchObject({
      targetName: 'run-sleeve',
      cpus: 2,
      memoryMb: 1024,
      lakehouse: 'lake/house',
      outputsRoot: 'out',
      lakehouseTarget: { project: 'market-data', target: 'lakehouse' },
      lakehouseFingerprint: 'node fp.js lake/house --x',
    });
    expect(normalizePluginOptions({ lakehouseFingerprint: false, lakehouseTarget: false })).toMatchObject({
      lakehouseFingerprint: undefined,
      lakehouseTarget: undefined,
    });
  });

  it('takes an absolute lakehouse outside the workspace and passes it, quoted when needed, to the fingerprint command', () => {
    expect(normalizePluginOptions({ lakehouse: '/mnt/market-data/lakehouse/' })).toMatchObject({
      lakehouse: '/mnt/market-data/lakehouse',
      lakehouseFingerprint: 'node node_modules/nx-sleeves/dist/graph/lakehouse-fingerprint-cli.js /mnt/market-data/lakehouse',
    });
    expect(normalizePluginOptions({ lakehouse: '/mnt/Team Drive/prices (daily)', lakehouseFingerprint: 'fp {lakehouse}' })).toMatchObject({
      lakehouse: '/mnt/Team Drive/prices (daily)',
      lakehouseFingerprint: 'fp "/mnt/Team Drive/prices (daily)"',
    });
    expect(normalizePluginOptions({ lakehouse: 'D:/market-data' }).lakehouse).toBe('D:/market-data');
  });

  it.each([
    [{ cpu: 1 }, /option "cpu": invalid value 1; expected a known option \(targetName, cpus/],
    [{ cpus: 0 }, /option "cpus": invalid value 0; expected a number > 0/],
    [{ memoryMb: 1.5 }, /option "memoryMb": invalid value 1.5; expected an integer >= 64/],
    [{ memoryMb: 32 }, /option "memoryMb": invalid value 32; expected an integer >= 64/],
    [
      { lakehouse: '/mnt/../etc' },
      /option "lakehouse": invalid value "\/mnt\/..\/etc"; expected a path relative to the workspace root without "..", or an absolute path of a folder outside it/,
    ],
    [{ lakehouse: '/mnt/$HOME/lake' }, /option "lakehouse": invalid value "\/mnt\/\$HOME\/lake"/],
    [{ lakehouse: 'C:\\data\\lake' }, /option "lakehouse": invalid value "C:\\\\data/],
    [{ lakehouse: '/' }, /option "lakehouse": invalid value "\/"/],
    [{ outputsRoot: '../out' }, /option "outputsRoot": invalid value "..\/out"/],
    [{ lakehouseTarget: 'market-data' }, /option "lakehouseTarget": invalid value "market-data"; expected "project:target"/],
    [{ targetName: 'a b' }, /option "targetName": invalid value "a b"/],
    [{ pipelinePackage: 'Not A Package' }, /option "pipelinePackage"/],
    [{ lakehouseFingerprint: '' }, /option "lakehouseFingerprint": invalid value ""/],
  ])('rejects %j with a one-line error naming nx.json and the option', (raw, message) => {
    let error: Error | undefined;
    try {
      normalizePluginOptions(raw);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^nx\.json plugin "nx-sleeves" option /);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
  });

  it('rejects options that are not an object', () => {
    expect(() => normalizePluginOptions(['x'])).toThrow(/nx\.json plugin "nx-sleeves" options: invalid value \["x"\]; expected an object/);
  });
});

test('backend and slurm settings: validated with one-line errors (read by the executor)', () => {
  expect(() => normalizePluginOptions({ backend: 'slurm', slurm: { partition: 'batch', pollMs: 500 } })).not.toThrow();
  expect(() => normalizePluginOptions({ backend: 'ray' })).toThrow(
    'nx.json plugin "nx-sleeves" option "backend": invalid value "ray"; expected one of local, slurm',
  );
  expect(() => normalizePluginOptions({ slurm: { pendingTimeoutMs: -1 } })).toThrow(
    'nx.json plugin "nx-sleeves" option "slurm".pendingTimeoutMs: invalid value -1; expected an integer >= 1',
  );
});
