import { isAbsolute, relative, sep } from 'node:path';
import type { PipelineContext } from '@nx-sleeves/contracts';

/** The context a module pipeline receives (contracts.md, "Pipeline contract"): its one definition is @nx-sleeves/contracts. */
export type { PipelineContext };

/** The project folder relative to the workspace ('apps/x'), or '<project>' when outside it. */
function projectName(workspaceRoot: string, projectRoot: string): string {
  const rel = relative(workspaceRoot ?? '', projectRoot ?? '');
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : '<project>';
}

/**
 * Replaces the context's absolute directories in a message by short names, so errors and audit
 * entries stay location independent (determinism rule) and do not leak the machine's layout.
 */
export function relativizeMessage(
  message: string,
  ctx: Pick<PipelineContext, 'lakehouseDir' | 'artifactsDir' | 'logsDir' | 'sandboxDir' | 'projectRoot' | 'workspaceRoot'>,
): string {
  const pairs: [string, string][] = [
    [ctx.lakehouseDir, '<lakehouse>'],
    [ctx.artifactsDir, '<artifacts>'],
    [ctx.logsDir, '<logs>'],
    [ctx.sandboxDir, '<sandbox>'],
    [ctx.projectRoot, projectName(ctx.workspaceRoot, ctx.projectRoot)],
    [ctx.workspaceRoot, '<workspace>'],
  ];
  let out = message;
  for (const [abs, name] of pairs.filter(([a]) => a && a.length > 1).sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(abs).join(name);
  }
  return out.replace(/\s*\n\s*/g, ' ');
}
