import { Attempt } from '../attempt';
import { PoolSet } from '../pool';
import { WorkerStdio } from '../worker-stdio';
import type { AttemptArgs, BackendAttempt, SleeveBackend } from './types';

/**
 * The default backend: one fresh tinypool child_process worker per sleeve on this machine, watched from
 * the engine's process (RSS of the process tree, timeout, kills; see engine/attempt.ts).
 */
export class LocalBackend implements SleeveBackend {
  readonly name = 'local' as const;
  readonly watchesLocalProcesses = true;
  private readonly stdio = new WorkerStdio();
  private readonly pools = new PoolSet((err) => {
    // An idle worker died: tinypool replaces it; nothing of a sleeve was lost.
    if (process.env.NX_SLEEVES_DEBUG) process.stderr.write(`[nx-sleeves] idle worker error: ${err.message}\n`);
  });

  createAttempt(a: AttemptArgs): BackendAttempt {
    const attempt = new Attempt(a.sandboxDir, a.task, a.limits, this.stdio, a.emit);
    return {
      run: () => attempt.run(this.pools.get(a.heapMb, a.morePending)),
      tick: (full) => attempt.tick(full),
      kill: (reason, detail) => attempt.kill(reason, detail),
    };
  }

  tick(): void {
    for (const pool of this.pools.all()) this.stdio.adopt(pool);
  }

  async shutdown(): Promise<void> {
    await this.pools.destroy();
  }
}
