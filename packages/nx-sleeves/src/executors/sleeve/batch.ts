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
import { batchGraph, readyTasks } from './ready-tasks';

export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string };
}

/**
 * Nx batch implementation: every sleeve task of the batch goes through one SleeveComputeEngine (one budget, one
 * pool), and each task's result is yielded the moment it finishes, with its own terminalOutput (which is all Nx
 * caches per task in batch mode). Tasks that depend on others in the batch (a meta-portfolio on its sleeves) start
 * when those succeeded, and fail at once when one did not: `readyTasks` decides which task goes when, the engine's
 * admission when a submitted sleeve starts (no second queue here). SIGINT/SIGTERM cancel everything: every unfinished
 * task is reported cancelled (not cached), and the engine leaves no partial output.
 */
export default async function* sleeveBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, SleeveExecutorOptions>,
  overrides: SleeveExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const graph = batchGraph(taskGraph);
  const { ids } = graph;
  const prep = prepareContextFrom(context);
  const ended = new Map<string, { ok: boolean; result?: SleeveResult; status: string; message?: string }>();
  const running = new Map<string, Promise<void>>();
  const unyielded: BatchTaskResult[] = []; // results of ended tasks, in the order they ended
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
    if (ended.has(id)) return;
    running.delete(id);
    ended.set(id, {
      ok,
      result: result && forSummary(result),
      status,
      message: result ? undefined : terminalOutput.split('\n')[0].replace(/^\[[^\]]*\] /, ''),
    });
    unyielded.push({ task: id, result: { success: ok, terminalOutput } });
    advance(graph.dependents.get(id));
  };

  const launch = (id: string) => {
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
    running.set(
      id,
      engine.executeSleeves([spec]).then(
        ([r]) => finish(id, r.status === 'success', r.terminalOutput, r.status, r),
        (e: Error) => finish(id, false, `[${task.target.project}] engine error: ${e.message}\n`, 'crashed'),
      ),
    );
  };

  // Acts on readyTasks' decisions among `candidates` (default: all): a task that ends re-examines only its dependents.
  function advance(candidates?: string[]): void {
    for (const d of readyTasks(graph, { ended, running, cancelled: cancelledBy !== undefined }, candidates)) {
      const project = taskGraph.tasks[d.id].target.project;
      if (d.action === 'run') launch(d.id);
      else if (d.action === 'skip') finish(d.id, false, `[${project}] not run: dependency ${d.dependency} did not succeed\n`, 'skipped');
      else finish(d.id, false, `[${project}] cancelled (${cancelledBy}) before it started\n`, 'cancelled');
    }
  }

  const stopListening = onTerminationSignals((signal) => {
    cancelledBy = signal;
    // Running and queued sleeves end cancelled; the tasks waiting for them then end cancelled before they started.
    void engine.cancelAll(`${signal} received`);
  });
  try {
    advance();
    for (let n = 0; n < ids.length; n++) {
      // Every task still waiting depends (through others) on a running one, so one always ends.
      while (unyielded.length === 0) await Promise.race(running.values());
      yield unyielded.shift()!;
    }
  } finally {
    stopListening();
    await engine.shutdown();
    const rows = ids.map((id) => ({ name: taskGraph.tasks[id].target.project, ...ended.get(id) }));
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
        const o = ended.get(id);
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
