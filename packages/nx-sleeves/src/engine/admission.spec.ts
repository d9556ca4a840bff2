import { overBudgetError, planAdmission } from './admission';

const q = (id: number, cpus: number, memoryMb: number) => ({ id, cpus, memoryMb });

test('starts sleeves in queue order while cpus and memory fit', () => {
  expect(planAdmission({ cpus: 2, memoryMb: 4096 }, [], [q(1, 1, 1000), q(2, 1, 1000), q(3, 1, 1000)])).toEqual([1, 2]);
});

test('counts what is already running', () => {
  expect(planAdmission({ cpus: 4, memoryMb: 4096 }, [{ cpus: 3, memoryMb: 100 }], [q(1, 2, 10), q(2, 1, 10)])).toEqual([2]);
});

test('memory bounds as well as cpus', () => {
  expect(planAdmission({ cpus: 8, memoryMb: 1000 }, [], [q(1, 1, 600), q(2, 1, 600), q(3, 1, 300)])).toEqual([1, 3]);
});

test('backfills: a small sleeve behind a big one that does not fit may start', () => {
  expect(planAdmission({ cpus: 2, memoryMb: 4096 }, [{ cpus: 1, memoryMb: 1 }], [q(1, 2, 1), q(2, 1, 1)])).toEqual([2]);
});

test('nothing fits → nothing starts; fractional cpus add up without float trouble', () => {
  expect(planAdmission({ cpus: 1, memoryMb: 100 }, [{ cpus: 1, memoryMb: 1 }], [q(1, 0.5, 1)])).toEqual([]);
  expect(planAdmission({ cpus: 0.3, memoryMb: 100 }, [], [q(1, 0.1, 1), q(2, 0.2, 1)])).toEqual([1, 2]);
});

test('over-budget errors name the sleeve, the ask and the budget', () => {
  expect(overBudgetError('a', { cpus: 4, memoryMb: 1 }, { cpus: 2, memoryMb: 10 })).toBe(
    "sleeve a asks for 4 cpus, more than the engine's whole budget of 2 cpus",
  );
  expect(overBudgetError('a', { cpus: 1, memoryMb: 11 }, { cpus: 2, memoryMb: 10 })).toBe(
    "sleeve a asks for 11 MB of memory, more than the engine's whole budget of 10 MB",
  );
  expect(overBudgetError('a', { cpus: 2, memoryMb: 10 }, { cpus: 2, memoryMb: 10 })).toBeUndefined();
});
