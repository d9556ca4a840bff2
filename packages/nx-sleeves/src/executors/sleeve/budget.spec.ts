import { engineBudget } from './budget';

const host = { cpus: () => 8, totalMemBytes: () => 10 * 1024 * 1024 * 1024 };

describe('engineBudget', () => {
  it('defaults to every core and 80% of memory', () => {
    expect(engineBudget({}, host)).toEqual({ cpus: 8, memoryMb: 8192 });
  });
  it('takes NX_SLEEVES_CPUS and NX_SLEEVES_MEMORY_MB', () => {
    expect(engineBudget({ NX_SLEEVES_CPUS: '2', NX_SLEEVES_MEMORY_MB: '4096' }, host)).toEqual({ cpus: 2, memoryMb: 4096 });
  });
  it('rejects a bad value naming the variable', () => {
    expect(() => engineBudget({ NX_SLEEVES_CPUS: 'many' }, host)).toThrow('env NX_SLEEVES_CPUS: invalid value "many"; expected a positive integer');
  });
});
