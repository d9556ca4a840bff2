import { createBackend } from '.';

test('backend: option, else NX_SLEEVES_BACKEND, else local; bad names fail in one line', () => {
  expect(createBackend({}, {}).name).toBe('local');
  expect(createBackend({}, { NX_SLEEVES_BACKEND: 'slurm' }).name).toBe('slurm');
  expect(createBackend({ backend: 'local' }, { NX_SLEEVES_BACKEND: 'slurm' }).name).toBe('local');
  expect(() => createBackend({}, { NX_SLEEVES_BACKEND: 'ray' })).toThrow('env NX_SLEEVES_BACKEND: invalid value "ray"; expected one of local, slurm');
  expect(() => createBackend({ backend: 'k8s' as never }, {})).toThrow('SleeveComputeEngine: backend: invalid value "k8s"; expected one of local, slurm');
  expect(() => createBackend({ backend: 'slurm', slurm: { pollMs: 1 } }, {})).toThrow(
    'SleeveComputeEngine: slurm.pollMs: invalid value 1; expected an integer >= 10',
  );
});

test('slurm: the cluster admits (no local budget), sandboxes under sharedDir, maxInFlight', () => {
  const b = createBackend({ backend: 'slurm', slurm: { sharedDir: '/shared/nx', maxInFlight: 3 } }, {});
  expect(b.budget).toEqual({ cpus: Infinity, memoryMb: Infinity });
  expect(b.maxInFlight).toBe(3);
  expect(b.sandboxParent!({ sandboxParent: '/ws/tmp/sleeves' } as never)).toBe('/shared/nx');
  expect(createBackend({ backend: 'slurm' }, {}).sandboxParent!({ sandboxParent: '/ws/tmp/sleeves' } as never)).toBe('/ws/tmp/sleeves');
});
