import { engineBackend } from './backend';

const nxJson = (options: object) => ({ plugins: [{ plugin: 'nx-sleeves', options }] });

test('--backend, else NX_SLEEVES_BACKEND, else nx.json, else local; slurm settings from nx.json', () => {
  expect(engineBackend({}, undefined, {})).toEqual({ backend: 'local' });
  expect(engineBackend({}, nxJson({ backend: 'slurm', slurm: { partition: 'batch' } }), {})).toEqual({
    backend: 'slurm',
    slurm: { partition: 'batch', pollMs: 250, maxInFlight: 64 },
  });
  expect(engineBackend({}, nxJson({ backend: 'slurm' }), { NX_SLEEVES_BACKEND: 'local' })).toEqual({ backend: 'local' });
  expect(engineBackend({ backend: 'slurm' }, nxJson({ backend: 'local' }), { NX_SLEEVES_BACKEND: 'local' }).backend).toBe('slurm');
});

test('bad values: one line naming where they came from', () => {
  expect(() => engineBackend({ backend: 'ray' }, undefined, {})).toThrow('option "backend": invalid value "ray"; expected one of local, slurm');
  expect(() => engineBackend({}, undefined, { NX_SLEEVES_BACKEND: 'k8s' })).toThrow('env NX_SLEEVES_BACKEND: invalid value "k8s"');
  expect(() => engineBackend({}, nxJson({ backend: 'slurm', slurm: { maxInFlight: 0 } }), {})).toThrow(
    'nx.json plugin "nx-sleeves" option "slurm".maxInFlight: invalid value 0; expected an integer >= 1',
  );
});
