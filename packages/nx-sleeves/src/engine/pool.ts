import * as path from 'node:path';
import type { WorkerOutcome, WorkerTask } from '../worker/protocol';

/**
 * The compiled worker module each sleeve process loads. Inside this repository Nx loads the plugin from
 * its TypeScript sources (a local plugin), so __dirname may be `src/engine`: the worker still runs the
 * compiled `dist/` file, because a sleeve process must not pay for a TypeScript loader at start-up.
 */
export const WORKER_FILE = path.join(
  path.basename(path.dirname(__dirname)) === 'src' ? path.join(__dirname, '..', '..', 'dist') : path.join(__dirname, '..'),
  'worker',
  // A small entry that requires the one-file worker (worker/pool-entry.ts says why).
  'pool-entry.js',
);
export const WORKER_EXPORT = 'runSleeveTask';
/** Concurrency is decided by admission control, not by the pool: this only has to be out of the way. */
export const POOL_MAX_THREADS = 256;
/**
 * Workers kept booted ahead of demand per pool (Ray prestarts workers too): the next sleeve skips node's
 * start-up. Measured: the per-sleeve latency of a no-op sleeve drops by roughly the cost of a bare node
 * spawn. isolateWorkers still gives every sleeve a fresh process; the spare is ended by shutdown().
 * Only for pools created while more than one sleeve is pending: a lone sleeve (`--no-batch`) would just
 * pay for spares it never uses.
 */
export const PREWARMED_WORKERS = 1;

export interface SleevePool {
  readonly threads: unknown[];
  run(task: WorkerTask, opts: { signal?: AbortSignal }): Promise<WorkerOutcome>;
  destroy(): Promise<void>;
  on(event: 'error', cb: (err: Error) => void): unknown;
}

/**
 * tinypool options for one heap limit. `env` and `execArgv` are per pool in tinypool, so the pool's env
 * is empty (no host secrets; the sleeve's own env travels in the task and is applied in the worker) and
 * there is one pool per distinct `--max-old-space-size`. isolateWorkers: a fresh process per sleeve.
 */
export function poolOptions(heapMb: number | undefined, prewarm = true) {
  return {
    filename: WORKER_FILE,
    name: WORKER_EXPORT,
    runtime: 'child_process' as const,
    isolateWorkers: true,
    minThreads: prewarm ? PREWARMED_WORKERS : 0,
    maxThreads: POOL_MAX_THREADS,
    env: {} as Record<string, string>,
    execArgv: heapMb ? [`--max-old-space-size=${heapMb}`] : [],
  };
}

/**
 * The heap limit of a module pipeline's worker: memoryMb minus 64 MB for what is not old-space heap
 * (measured: a worker's RSS when V8 gives up is about heap + 45 MB), so that V8's own limit trips before
 * the RSS watchdog and reports precisely "JavaScript heap out of memory". External commands get no flag.
 */
export const HEAP_HEADROOM_MB = 64;
export function heapLimitMb(memoryMb: number, isCommand: boolean): number | undefined {
  if (isCommand) return undefined;
  return Math.max(16, memoryMb - HEAP_HEADROOM_MB);
}

type TinypoolCtor = new (opts: ReturnType<typeof poolOptions>) => SleevePool;

// tinypool 2 is ESM-only: CommonJS can `require` it on Node >= 20.19; loaded lazily (unit tests mock it).
function loadTinypool(): TinypoolCtor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- ESM-only, loaded lazily (see above)
  return (require('tinypool') as { Tinypool: TinypoolCtor }).Tinypool;
}

/** One pool per heap limit, created on first use and kept for the engine's life. */
export class PoolSet {
  private readonly pools = new Map<number, SleevePool>();

  constructor(private readonly onError: (err: Error) => void) {}

  get(heapMb: number | undefined, prewarm = true): SleevePool {
    const key = heapMb ?? 0;
    let pool = this.pools.get(key);
    if (!pool) {
      const Tinypool = loadTinypool();
      pool = new Tinypool(poolOptions(heapMb, prewarm));
      // Without a listener, an idle worker's death would crash the whole parent process.
      pool.on('error', this.onError);
      this.pools.set(key, pool);
    }
    return pool;
  }

  all(): SleevePool[] {
    return [...this.pools.values()];
  }

  async destroy(): Promise<void> {
    const pools = this.all();
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
