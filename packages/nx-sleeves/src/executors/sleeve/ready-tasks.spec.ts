import type { TaskGraph } from '@nx/devkit';
import { batchGraph, type BatchProgress, readyTasks } from './ready-tasks';

/** A task graph with Nx 24 `{ id }` edges. */
function taskGraph(deps: Record<string, string[]>): TaskGraph {
  return {
    roots: [],
    tasks: Object.fromEntries(Object.keys(deps).map((id) => [id, { id }])),
    dependencies: Object.fromEntries(Object.entries(deps).map(([id, ds]) => [id, ds.map((d) => ({ id: d }))])),
    continuousDependencies: {},
  } as unknown as TaskGraph;
}
const progress = (ended: Record<string, boolean> = {}, running: string[] = [], cancelled = false): BatchProgress => ({
  ended: new Map(Object.entries(ended).map(([id, ok]) => [id, { ok }])),
  running: new Set(running),
  cancelled,
});

describe('batchGraph', () => {
  test('keeps only edges inside the batch, accepts old string edges, and lists dependents in batch order', () => {
    const g = taskGraph({ a: [], b: [], meta: ['a', 'b', 'lakehouse'], top: ['meta', 'a'] });
    (g.dependencies as unknown as Record<string, unknown[]>).b = ['a']; // an older Nx: plain ids
    const { ids, deps, dependents } = batchGraph(g);
    expect(ids).toEqual(['a', 'b', 'meta', 'top']);
    expect(deps.get('meta')).toEqual(['a', 'b']); // lakehouse is not a task of the batch
    expect(deps.get('b')).toEqual(['a']);
    expect(dependents.get('a')).toEqual(['b', 'meta', 'top']);
    expect(dependents.get('meta')).toEqual(['top']);
    expect(dependents.get('top')).toEqual([]);
  });
});

describe('readyTasks', () => {
  const g = batchGraph(taskGraph({ a: [], b: [], meta: ['a', 'b'], top: ['meta'] }));

  test('at the start every task without in-batch dependencies runs, in batch order; the others wait', () => {
    expect(readyTasks(g, progress())).toEqual([
      { id: 'a', action: 'run' },
      { id: 'b', action: 'run' },
    ]);
  });

  test('a task waits while any dependency runs or waits, and runs once all succeeded', () => {
    expect(readyTasks(g, progress({ a: true }, ['b']))).toEqual([]);
    expect(readyTasks(g, progress({ a: true, b: true }))).toEqual([{ id: 'meta', action: 'run' }]);
    expect(readyTasks(g, progress({ a: true, b: true, meta: true }))).toEqual([{ id: 'top', action: 'run' }]);
  });

  test('a task whose dependency did not succeed is skipped naming the first such dependency, and its own dependents then too', () => {
    expect(readyTasks(g, progress({ a: true, b: false }))).toEqual([{ id: 'meta', action: 'skip', dependency: 'b' }]);
    expect(readyTasks(g, progress({ a: false, b: false }))).toEqual([{ id: 'meta', action: 'skip', dependency: 'a' }]);
    expect(readyTasks(g, progress({ a: true, b: false, meta: false }))).toEqual([{ id: 'top', action: 'skip', dependency: 'meta' }]);
  });

  test('once the batch is cancelled, a task whose dependencies ended is cancelled, even if one failed; one still waiting waits', () => {
    expect(readyTasks(g, progress({}, [], true))).toEqual([
      { id: 'a', action: 'cancel' },
      { id: 'b', action: 'cancel' },
    ]);
    expect(readyTasks(g, progress({ a: false, b: true }, [], true))).toEqual([{ id: 'meta', action: 'cancel' }]);
    expect(readyTasks(g, progress({ a: false }, ['b'], true))).toEqual([]);
  });

  test('never decides a task twice: running and ended tasks are left alone', () => {
    expect(readyTasks(g, progress({}, ['a', 'b']))).toEqual([]);
    expect(readyTasks(g, progress({ a: true, b: true, meta: true, top: false }))).toEqual([]);
  });

  test('looks only at the candidates given (the dependents of the task that just ended)', () => {
    const p = progress({ a: true, b: true });
    expect(readyTasks(g, p, ['top'])).toEqual([]);
    expect(readyTasks(g, p, g.dependents.get('b'))).toEqual([{ id: 'meta', action: 'run' }]);
  });
});
