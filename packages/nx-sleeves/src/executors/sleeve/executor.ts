import type { ExecutorContext } from '@nx/devkit';
import { SleeveComputeEngine } from '../../engine';
import { engineBackend } from './backend';
import { engineBudget } from './budget';
import { prepareContextFrom, prepareTask } from './prepare';
import type { SleeveExecutorOptions } from './schema';
import { onTerminationSignals } from './signals';
import { formatSummary, tearsheetPaths } from './summary';

/** The task Nx is running, found in the task graph snapshot (for its declared outputs). */
function currentTask(context: ExecutorContext) {
  const tasks = Object.values(context.taskGraph?.tasks ?? {});
  return tasks.find(
    (t) =>
      t.target.project === context.projectName &&
      t.target.target === context.targetName &&
      (t.target.configuration ?? undefined) === (context.configurationName ?? undefined),
  );
}

/**
 * Non-batch implementation (`--no-batch`, or `nx run` of a single sleeve without batching): one sleeve in one Nx
 * process, through its own engine. Ctrl-C / SIGTERM cancel it (reported, nothing partial left).
 */
export default async function sleeveExecutor(options: SleeveExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName ?? '(unknown project)';
  const task = currentTask(context);
  let spec;
  try {
    spec = prepareTask(
      { id: task?.id ?? `${project}:${context.targetName}`, project, target: context.targetName, outputs: task?.outputs },
      options,
      prepareContextFrom(context),
    );
  } catch (e) {
    console.error(`[${project}] ${(e as Error).message}`);
    return { success: false };
  }
  let engine: SleeveComputeEngine;
  try {
    engine = new SleeveComputeEngine({ ...engineBudget(), ...engineBackend(options, context.nxJsonConfiguration) });
  } catch (e) {
    console.error(`[${project}] ${(e as Error).message}`);
    return { success: false };
  }
  let signal: string | undefined;
  const stopListening = onTerminationSignals((s) => {
    signal = s;
    void engine.cancelAll(`${s} received`);
  });
  try {
    const [result] = await engine.executeSleeves([spec]);
    const sheets = result.status === 'success' ? tearsheetPaths(context.root, [result]) : [];
    process.stdout.write(`\n${formatSummary([{ name: project, result }])}\n${sheets.map((s) => `Tearsheet: ${s}\n`).join('')}`);
    if (result.status !== 'success' && result.error) console.error(`[${project}] ${result.error}`);
    return { success: result.status === 'success' };
  } finally {
    stopListening();
    await engine.shutdown();
    if (signal) setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 500).unref();
  }
}
