import type { TaskGraph } from '@nx/devkit';

/** A batch's tasks in Nx's order, the tasks each waits for inside the batch, and the tasks waiting for each. */
export interface BatchGraph {
  ids: string[];
  deps: ReadonlyMap<string, string[]>;
  dependents: ReadonlyMap<string, string[]>;
}

/** Where the batch is: the tasks that ended (and whether they succeeded), those running, and whether it was cancelled. */
export interface BatchProgress {
  ended: ReadonlyMap<string, { ok: boolean }>;
  running: { has(id: string): boolean };
  cancelled: boolean;
}

/** What to do with a task now: run it, or end it without running (a dependency did not succeed, or the batch was cancelled). */
export type Decision = { id: string; action: 'run' } | { id: string; action: 'skip'; dependency: string } | { id: string; action: 'cancel' };

/** The in-batch dependencies of a task graph (Nx 24 edges are `{ id }`, older ones plain strings), computed once. */
export function batchGraph(taskGraph: TaskGraph): BatchGraph {
  const ids = Object.keys(taskGraph.tasks);
  const deps = new Map(
    ids.map((id) => {
      const edges = (taskGraph.dependencies[id] ?? []) as unknown as (string | { id: string })[];
      return [id, edges.map((e) => (typeof e === 'string' ? e : e.id)).filter((d) => d in taskGraph.tasks)];
    }),
  );
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const d of deps.get(id)!) dependents.get(d)!.push(id);
  return { ids, deps, dependents };
}

/**
 * The batch's one decision point (pure): the tasks among `candidates` (default all, in batch order) that neither
 * run nor ended and whose in-batch dependencies have all ended. Each runs if they all succeeded; otherwise it is
 * skipped naming the first that did not, and once the batch is cancelled it is cancelled instead. Ending a task
 * can unblock its dependents: the caller asks again with them (a batch of N tasks costs O(N + edges), not O(N²)).
 */
export function readyTasks(graph: BatchGraph, progress: BatchProgress, candidates: readonly string[] = graph.ids): Decision[] {
  const out: Decision[] = [];
  for (const id of candidates) {
    if (progress.ended.has(id) || progress.running.has(id)) continue;
    const deps = graph.deps.get(id) ?? [];
    if (!deps.every((d) => progress.ended.has(d))) continue;
    const failed = deps.find((d) => !progress.ended.get(d)!.ok);
    if (progress.cancelled) out.push({ id, action: 'cancel' });
    else if (failed !== undefined) out.push({ id, action: 'skip', dependency: failed });
    else out.push({ id, action: 'run' });
  }
  return out;
}
