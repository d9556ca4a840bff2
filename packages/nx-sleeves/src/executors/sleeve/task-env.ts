import type { ProjectGraph, Task } from '@nx/devkit';
import { DEFAULT_ENV_ALLOW } from '@nx-sleeves/contracts';
import { isAllowed } from '../../worker/env';

/**
 * Nx hashes each task with its own environment: the shell's, plus the task's dotenv files (`<projectRoot>/.env`,
 * `.env.<target>`, ...). A task run alone (`--no-batch`) also runs with that environment. A batch, however, is one
 * process with one environment (the shell's and the workspace `.env` only), and the engine hands every sleeve of the
 * batch that one. So a `TV_RISK__ENGINE=hrp` in `apps/x/.env` is in x's cache key but never reaches x in a batch:
 * the sleeve would compute something else than its key says, and that result would be cached and shared.
 *
 * Returns the names (never the values: they may be secrets) of the variables the sleeve would see (its allow-list;
 * TV_PROFILE is set by the engine) whose value differs between the task's environment and the batch's.
 */
export function envDifferences(taskEnv: NodeJS.ProcessEnv, batchEnv: NodeJS.ProcessEnv, allow: readonly string[] = DEFAULT_ENV_ALLOW): string[] {
  const names = new Set([...Object.keys(taskEnv), ...Object.keys(batchEnv)]);
  return [...names].filter((n) => n !== 'TV_PROFILE' && isAllowed(n, allow) && taskEnv[n] !== batchEnv[n]).sort();
}

/**
 * The environment Nx gives (and hashes for) this task when run on its own, computed with Nx's own function from the
 * workspace's Nx; undefined when that is not available (then nothing can be compared). Replaceable in unit tests.
 */
export const taskEnvLoader = {
  load(task: Task, graph: ProjectGraph, workspaceRoot: string): NodeJS.ProcessEnv | undefined {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Nx internal module, resolved from the workspace at run time
      const mod = require(require.resolve('nx/src/tasks-runner/task-env', { paths: [workspaceRoot] })) as {
        getTaskSpecificEnv?: (task: Task, graph: ProjectGraph) => NodeJS.ProcessEnv;
      };
      return mod.getTaskSpecificEnv?.(task, graph);
    } catch {
      return undefined;
    }
  },
};
