import { buildSleeveEnv, isAllowed } from './env';

test('allow-list: exact names and PREFIX_* patterns', () => {
  expect(isAllowed('TV_RISK__ENGINE', ['TV_*'])).toBe(true);
  expect(isAllowed('PATHX', ['PATH'])).toBe(false);
  expect(isAllowed('AWS_SECRET_ACCESS_KEY', ['TV_*', 'PATH', 'PYTHONPATH'])).toBe(false);
});

test('builds the sleeve env: allowed host vars, identity, thread counts', () => {
  const host = { PATH: '/bin', TV_FOO: '1', AWS_SECRET_ACCESS_KEY: 's', HOME: '/root', TV_PROFILE: 'spoofed' };
  expect(buildSleeveEnv(host, ['TV_*', 'PATH'], { profile: 'p', runId: 'r', cpus: 2 })).toEqual({
    PATH: '/bin',
    TV_FOO: '1',
    TV_PROFILE: 'p',
    TV_RUN_ID: 'r',
    OMP_NUM_THREADS: '2',
    OPENBLAS_NUM_THREADS: '2',
    MKL_NUM_THREADS: '2',
    UV_THREADPOOL_SIZE: '2',
  });
  expect(buildSleeveEnv({}, [], { profile: 'p', runId: 'r', cpus: 0.5 }).OMP_NUM_THREADS).toBe('1');
});
