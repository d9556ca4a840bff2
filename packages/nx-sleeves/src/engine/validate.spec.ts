import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSpec } from './validate';

const base = { profile: 'p', runId: 'r', pipeline: '/w/p.js', lakehouse: '/w/lake', outputPath: '/w/out' };

test('fills defaults', () => {
  const n = normalizeSpec({ ...base, workspaceRoot: '/w' });
  expect(n).toMatchObject({
    name: 'p',
    cpus: 1,
    memoryMb: 3072,
    maxRetries: 0,
    envAllow: ['TV_*', 'PATH', 'PYTHONPATH'],
    keepSandbox: false,
    options: {},
    projectRoot: '/w',
    sandboxParent: path.join('/w', 'tmp', 'sleeves'),
  });
  expect(normalizeSpec(base).sandboxParent).toBe(path.join(os.tmpdir(), 'nx-sleeves'));
});

test.each([
  [{ memoryMb: 10 }, 'sleeve "p": memoryMb: invalid value 10; expected an integer >= 64'],
  [{ cpus: 0 }, 'sleeve "p": cpus: invalid value 0; expected a number > 0'],
  [{ command: [''], pipeline: undefined }, 'sleeve "p": command: invalid value [""]; expected a non-empty array of non-empty strings (argv)'],
  [{ keepSandbox: 'yes' as unknown as boolean }, 'sleeve "p": keepSandbox: invalid value "yes"; expected true or false'],
  [{ lakehouse: 'rel/lake' }, 'sleeve "p": lakehouse: invalid value "rel/lake"; expected an absolute path'],
  [{ command: ['x'] }, 'expected either pipeline or command, not both'],
  [{ pipeline: undefined }, 'sleeve "p": pipeline: invalid value undefined; expected a pipeline module path or a command'],
  [{ envAllow: ['OK', 'bad-name'] }, 'sleeve "p": envAllow: invalid value ["OK","bad-name"]; expected an array of variable names or PREFIX_* patterns'],
  [{ maxRetries: -1 }, 'sleeve "p": maxRetries: invalid value -1; expected an integer >= 0'],
  [{ runId: '../../etc' }, 'sleeve "p": runId: invalid value "../../etc"'],
  // Beyond Node's timer range setTimeout fires after 1 ms: the sleeve would time out at once.
  [
    { timeoutMs: 1e10 },
    'sleeve "p": timeoutMs: invalid value 10000000000; expected an integer >= 1 and <= 2147483647 (about 24.8 days at most; omit it for no timeout)',
  ],
])('rejects %j', (patch, message) => {
  expect(() => normalizeSpec({ ...base, ...patch })).toThrow(message);
});

test('accepts the longest timeout Node can hold', () => {
  expect(normalizeSpec({ ...base, timeoutMs: 2 ** 31 - 1 }).timeoutMs).toBe(2 ** 31 - 1);
});
