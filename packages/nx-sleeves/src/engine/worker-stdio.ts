import type { ChildProcess } from 'node:child_process';

/** The slice of a tinypool pool this module needs: `threads` lists the live workers. */
export interface PoolLike {
  readonly threads: unknown[];
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * tinypool pipes each child_process worker's raw stdout/stderr straight into the parent's terminal. The
 * worker redirects its JS-level output to the sleeve log, but what the runtime itself writes to fd 2
 * (V8's "JavaScript heap out of memory" report, a fatal exception) would still garble the terminal. So the
 * engine adopts every worker it sees in `pool.threads`: unpipes it and keeps its raw output per pid until
 * the sleeve that ran in it claims it (into its log). It also records each worker's exit code/signal,
 * which tinypool replaces by a bare "Worker exited unexpectedly".
 * `threads[i].process` is tinypool's ChildProcess (ProcessWorker); if a future tinypool hides it, this
 * degrades to tinypool's default behaviour and exit codes come from the worker's exit-code file alone.
 */
export class WorkerStdio {
  private readonly seen = new WeakSet<object>();
  private readonly output = new Map<number, Buffer[]>();
  private readonly exits = new Map<number, ExitInfo>();
  private readonly closed = new Map<number, Promise<void>>();
  private readonly claimed = new Set<number>();

  adopt(pool: PoolLike): void {
    for (const t of pool.threads) {
      const cp = (t as { process?: ChildProcess }).process;
      if (!cp || typeof cp.pid !== 'number' || this.seen.has(cp)) continue;
      this.seen.add(cp);
      const pid = cp.pid;
      const keep = (chunk: Buffer) => {
        const list = this.output.get(pid);
        if (list) list.push(chunk);
        else this.output.set(pid, [chunk]);
      };
      for (const stream of [cp.stdout, cp.stderr]) {
        if (!stream) continue;
        stream.unpipe(stream === cp.stdout ? process.stdout : process.stderr);
        stream.on('data', keep);
        stream.resume(); // unpipe() paused it, and a 'data' listener alone does not restart a paused stream
      }
      cp.on('exit', (code, signal) => this.exits.set(pid, { code, signal }));
      this.closed.set(
        pid,
        new Promise<void>((resolve) =>
          cp.on('close', () => {
            resolve();
            // A worker that never ran a sleeve (an idle one that died): show what it said, then forget it.
            setTimeout(() => {
              if (this.claimed.has(pid)) return;
              const text = this.take(pid);
              if (text.length) process.stderr.write(`[nx-sleeves worker ${pid}] ${text.toString()}`);
              this.forget(pid);
            }, 2000).unref();
          }),
        ),
      );
    }
  }

  /** Marks `pid` as a sleeve's worker: its output is that sleeve's, not stray. */
  claim(pid: number): void {
    this.claimed.add(pid);
  }

  /** Drains the raw output collected for `pid`. */
  take(pid: number): Buffer {
    const list = this.output.get(pid);
    this.output.delete(pid);
    return list ? Buffer.concat(list) : Buffer.alloc(0);
  }

  exitOf(pid: number): ExitInfo | undefined {
    return this.exits.get(pid);
  }

  /** Resolves when the worker's stdio is fully read (or after `capMs`, or at once if unknown). */
  async whenClosed(pid: number, capMs: number): Promise<void> {
    const p = this.closed.get(pid);
    if (!p) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, capMs)))]);
    clearTimeout(timer);
  }

  forget(pid: number): void {
    this.output.delete(pid);
    this.exits.delete(pid);
    this.closed.delete(pid);
    this.claimed.delete(pid);
  }
}
