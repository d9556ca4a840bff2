import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { SleeveComputeEngine, type SleeveResult } from '../../engine';
import { engineBackend } from './backend';
import { engineBudget } from './budget';
import { prepareContextFrom, prepareTask } from './prepare';
import type { SleeveExecutorOptions } from './schema';
import { formatSummary, forSummary, tearsheetPaths } from './summary';
import { onTerminationSignals } from './signals';
import { envDifferences, taskEnvLoader } from './task-env';
import { liveOutput } from './live-output';
import { batchDashboards } from '../dashboard/batch-dashboards';

export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string };
}

/** Ids of the tasks `id` waits for inside this batch (Nx 24 edges are `{ id }`; older ones plain strings). */
function batchDeps(graph: TaskGraph, id: string): string[] {
  const edges = (graph.dependencies[id] ?? []) as unknown as (string | { id: string })[];
  return edges.map((e) => (typeof e === 'string' ? e : e.id)).filter((d) => d in graph.tasks);
}

/** A minimal async queue: the generator awaits the next finished task. */
class Finished {
  private items: BatchTaskResult[] = [];
  private waiter: ((r: BatchTaskResult) => void) | undefined;
  push(r: BatchTaskResult): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(r);
    } else this.items.push(r);
  }
  next(): Promise<BatchTaskResult> {
    const item = this.items.shift();
    return item ? Promise.resolve(item) : new Promise((resolve) => (this.waiter = resolve));
  }
}

/**
 * Nx batch implementation: every sleeve task of the batch goes through one SleeveComputeEngine (one budget, one
 * pool), and each task's result is yielded the moment it finishes, with its own terminalOutput (which is all Nx
 * caches per task in batch mode). Tasks that depend on others in the batch (a meta-portfolio on its sleeves) start
 * when those succeeded, and fail at once when one did not. SIGINT/SIGTERM cancel everything: every unfinished
 * task is reported cancelled (not cached), and the engine leaves no partial output.
 */
export default async function* sleeveBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, SleeveExecutorOptions>,
  overrides: SleeveExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const ids = Object.keys(taskGraph.tasks);
  const prep = prepareContextFrom(context);
  const finished = new Finished();
  const outcome = new Map<string, { ok: boolean; result?: SleeveResult; status: string; message?: string }>();
  const started = new Set<string>();
  let cancelledBy: string | undefined;
  let engine: SleeveComputeEngine;
  try {
    // Nx prints every task's terminalOutput when it finishes (outside the TUI): echoing the lines live as well would
    // print each of them twice. Live, only that a sleeve started (see live-output.ts).
    const live = liveOutput(process.env);
    engine = new SleeveComputeEngine({
      ...engineBudget(),
      ...engineBackend({ backend: overrides?.backend ?? inputs[ids[0]]?.backend }, context.nxJsonConfiguration),
      onLine: live ? undefined : () => undefined,
      onStatus: live
        ? undefined
        : (sleeve, event) => {
            if (event === 'started') process.stdout.write(`[${sleeve}] started\n`);
          },
    });
  } catch (e) {
    for (const id of ids) yield { task: id, result: { success: false, terminalOutput: `${(e as Error).message}\n` } };
    return;
  }

  const finish = (id: string, ok: boolean, terminalOutput: string, status: string, result?: SleeveResult) => {
    if (outcome.has(id)) return;
    const kept = result && forSummary(result);
    outcome.set(id, { ok, result: kept, status, message: result ? undefined : terminalOutput.split('\n')[0].replace(/^\[[^\]]*\] /, '') });
    finished.push({ task: id, result: { success: ok, terminalOutput } });
    pump(dependents.get(id) ?? []);
  };

  const launch = (id: string) => {
    started.add(id);
    const task = taskGraph.tasks[id];
    let spec;
    try {
      spec = prepareTask({ id, project: task.target.project, target: task.target.target, outputs: task.outputs }, inputs[id], prep);
    } catch (e) {
      const message = `[${task.target.project}] ${(e as Error).message}`;
      process.stderr.write(`${message}\n`);
      return finish(id, false, `${message}\n`, 'invalid');
    }
    // The engine hands every sleeve of the batch this process's environment; a task whose own environment (its
    // dotenv files, which Nx hashed) differs would compute something else than its cache key says: fail it instead.
    const taskEnv = context.projectGraph ? taskEnvLoader.load(task, context.projectGraph, context.root) : undefined;
    const differing = taskEnv ? envDifferences(taskEnv, prep.env, spec.envAllow) : [];
    if (differing.length > 0) {
      const message =
        `[${task.target.project}] this task's env files (${task.projectRoot ?? '<project>'}/.env*, .env.${task.target.target}*) set ` +
        `${differing.join(', ')} differently from the batch's environment, and a batch runs every sleeve with one environment: ` +
        `the sleeve would not compute what its cache key says. Run it with --no-batch, or set the variables in the shell or the workspace .env`;
      process.stderr.write(`${message}\n`);
      return finish(id, false, `${message}\n`, 'invalid');
    }
    engine.executeSleeves([spec]).then(
      ([r]) => finish(id, r.status === 'success', r.terminalOutput, r.status, r),
      (e: Error) => finish(id, false, `[${task.target.project}] engine error: ${e.message}\n`, 'crashed'),
    );
  };

  // In-batch dependencies and dependents, computed once: a finished task re-examines only its dependents, so a batch of
  // N tasks costs O(N + edges) rather than O(N²) scans of the whole graph.
  const depsOf = new Map(ids.map((id) => [id, batchDeps(taskGraph, id)]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const d of depsOf.get(id)!) dependents.get(d)!.push(id);

  // Starts every task among `candidates` (default: all; dependents lists keep the batch order) whose in-batch
  // dependencies have finished.
  function pump(candidates: string[] = ids): void {
    for (const id of candidates) {
      if (started.has(id)) continue;
      const deps = depsOf.get(id)!;
      if (!deps.every((d) => outcome.has(d))) continue;
      const failed = deps.find((d) => !outcome.get(d)!.ok);
      if (cancelledBy) {
        started.add(id);
        finish(id, false, `[${taskGraph.tasks[id].target.project}] cancelled (${cancelledBy}) before it started\n`, 'cancelled');
      } else if (failed) {
        started.add(id);
        finish(id, false, `[${taskGraph.tasks[id].target.project}] not run: dependency ${failed} did not succeed\n`, 'skipped');
      } else launch(id);
    }
  }

  const stopListening = onTerminationSignals((signal) => {
    cancelledBy = signal;
    void engine.cancelAll(`${signal} received`);
    pump(); // tasks still waiting for dependencies end now as cancelled
  });
  try {
    pump();
    for (let n = 0; n < ids.length; n++) yield await finished.next();
  } finally {
    stopListening();
    await engine.shutdown();
    const rows = ids.map((id) => ({ name: taskGraph.tasks[id].target.project, ...outcome.get(id) }));
    if (rows.length > 0) {
      const results = rows.flatMap((r) => (r.result ? [r.result] : []));
      const sheets = tearsheetPaths(
        context.root,
        results.filter((r) => r.status === 'success'),
      );
      process.stdout.write(`\n${formatSummary(rows)}\n${sheets.length ? `\nTearsheets:\n${sheets.map((s) => `  ${s}`).join('\n')}\n` : ''}`);
      // The run's dashboard, failures included (Nx skips the cached sleeve-dashboard target when a sleeve failed).
      const runIds = [...new Set(results.map((r) => r.runId))];
      const notRun: Record<string, string> = {};
      for (const id of ids) {
        const o = outcome.get(id);
        if (o && !o.result && typeof inputs[id]?.profile === 'string') notRun[inputs[id].profile] = o.message ?? o.status;
      }
      const lines = batchDashboards(context.root, context.projectGraph, runIds, process.env, notRun);
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (cancelledBy) exitSoon(cancelledBy);
  }
}

/** How the batch process ends after a signal (replaceable in unit tests). */
export const afterSignal = {
  exit: (code: number): void => {
    process.exit(code);
  },
};

/** After a signal, end the batch process once Nx got the results (the IPC channel would keep it alive). */
function exitSoon(signal: string): void {
  setTimeout(() => afterSignal.exit(signal === 'SIGINT' ? 130 : 143), 500).unref();
}
