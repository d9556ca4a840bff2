import type { ExecutorContext } from '@nx/devkit';
import { DEFAULT_OUTPUTS_ROOT } from '@nx-sleeves/contracts';
import { isWorkspaceRelativePath } from '../../graph/plugin-options';
import { effectiveRunId } from '../sleeve/options';
import { compareRunId, loadDashboardModule } from './render';
import type { DashboardExecutorOptions } from './schema';

/**
 * `nx-sleeves:dashboard`: renders `<outputsRoot>/_runs/<runId>/index.html` from the outputs on disk. The inferred
 * `sleeve-dashboard` target runs it after every sleeve and meta task of the run, and Nx caches the page.
 */
export default async function dashboardExecutor(options: DashboardExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const outputsRoot = options.outputsRoot ?? DEFAULT_OUTPUTS_ROOT;
    if (!isWorkspaceRelativePath(outputsRoot))
      throw new Error(`option "outputsRoot": invalid value ${JSON.stringify(outputsRoot)}; expected a path relative to the workspace root, without ".."`);
    const { runId } = effectiveRunId(options, process.env);
    const dashboard = loadDashboardModule(context.root, options.pipelinePackage);
    const { path } = dashboard.writeDashboard({
      workspaceRoot: context.root,
      outputsRoot,
      runId,
      compare: compareRunId(process.env),
      profiles: options.profiles,
    });
    console.log(`Run dashboard: ${path}`);
    return { success: true };
  } catch (e) {
    console.error(`[${context.projectName ?? 'dashboard'}] ${(e as Error).message}`);
    return { success: false };
  }
}
