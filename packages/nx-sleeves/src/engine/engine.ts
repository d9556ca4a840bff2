import * as os from 'node:os';
import * as path from 'node:path';
import { type Resources, overBudgetError, planAdmission } from './admission';
import { createBackend } from './backends';
import type { BackendAttempt, SleeveBackend } from './backends/types';
import { notRunResult, runSleeve } from './run-sleeve';
import type { EngineOptions, NormalizedSpec, SleeveResult, SleeveSpec } from './types';
import { checkSpecPaths, normalizeSpec } from './validate';
import { procAvailable, readProcessTable } from '../process/process-table';
import { sweepOrphanSandboxesOnce } from '../sandbox/sandbox-owner';

/** How often the watchdog samples memory and forwards log lines. */
export const TICK_MS = 100;
const FULL_SCAN_EVERY = 10;

interface Entry {
  id: number;
  spec: NormalizedSpec;
  resolve: (r: SleeveResult) => void;
  cancelled?: string;
  attempt?: BackendAttempt;
  done?: Promise<SleeveResult>;
}

export function defaultBudget(): Resources {
  return { cpus: os.availableParallelism(), memoryMb: Math.floor((os.totalmem() / 1024 / 1024) * 0.8) };
}

/**
 * Runs sleeves in isolated worker processes under a cpus + memory budget (the TypeScript counterpart of
 * a Ray compute engine). Usable from any script; the Nx executor is one client.
 */
export class SleeveComputeEngine {
  readonly budget: Resources;
  /** Where sleeves run: `local` (tinypool workers on this machine, default) or `slurm` (one job each). */
  readonly backend: SleeveBackend;
  private readonly queue: Entry[] = [];
  private readonly running = new Map<number, Entry>();
  /**
   * Sleeves whose processes have ended and that the engine's own process is checking, exporting and cleaning up:
   * they no longer hold cpus or memory of the budget (the next sleeve starts meanwhile), but still own their
   * output folder and are awaited by cancelAll / shutdown.
   */
  private readonly finishing = new Map<number, Entry>();
  private readonly attempts = new Set<BackendAttempt>();
  private nextId = 0;
  private ticker: NodeJS.Timeout | undefined;
  private tickCount = 0;
  /** Sandbox folders already swept of sandboxes whose engine process died (once per engine). */
  private readonly sweptSandboxParents = new Set<string>();
  private closed = false;
  private readonly onLine: (sleeve: string, line: string) => void;
  private readonly onStatus: NonNullable<EngineOptions['onStatus']>;

  constructor(opts: EngineOptions = {}) {
    const d = defaultBudget();
    this.budget = { cpus: opts.cpus ?? d.cpus, memoryMb: opts.memoryMb ?? d.memoryMb };
    for (const [k, v] of Object.entries(this.budget)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new Error(`SleeveComputeEngine: ${k}: invalid value ${JSON.stringify(v)}; expected a positive number`);
      }
    }
    const onLine = opts.onLine ?? ((sleeve: string, line: string) => process.stdout.write(`[${sleeve}] ${line}\n`));
    // A throwing callback must not take the engine (and every running sleeve) down with it.
    this.onLine = (sleeve, line) => {
      try {
        onLine(sleeve, line);
      } catch {
        /* the caller's problem; the line is still in terminalOutput and the log */
      }
    };
    // Same for onStatus: it is called inside the engine's bookkeeping (submit, start, finish); a throw there
    // would reject executeSleeves, or leave a result unresolved and the queue behind it never started.
    this.onStatus = (sleeve, event, result) => {
      try {
        opts.onStatus?.(sleeve, event, result);
      } catch {
        /* the caller's problem */
      }
    };
    this.backend = createBackend(opts, process.env);
    // A cluster admits by itself: its backend replaces the engine's budget of this machine.
    if (this.backend.budget) this.budget = this.backend.budget;
  }

  /** Runs all sleeves; results in input order. Never rejects because a sleeve failed. */
  async executeSleeves(specs: SleeveSpec[]): Promise<SleeveResult[]> {
    return Promise.all(this.submit(specs));
  }

  /** Yields each sleeve's result as soon as it finishes. */
  async *runSleeves(specs: SleeveSpec[]): AsyncIterable<SleeveResult> {
    const pending = new Map(this.submit(specs).map((p, i) => [i, p.then((r) => [i, r] as const)]));
    while (pending.size) {
      const [i, r] = await Promise.race(pending.values());
      pending.delete(i);
      yield r;
    }
  }

  /** Running sleeves are killed (with everything they started) and reported `cancelled`; so are queued ones. */
  async cancelAll(reason = 'cancelled by request'): Promise<void> {
    for (const e of this.queue.splice(0)) this.finishNotRun(e, 'cancelled', `sleeve ${e.spec.name} was cancelled: ${reason}`);
    const running = [...this.running.values(), ...this.finishing.values()];
    for (const e of running) {
      e.cancelled = reason;
      e.attempt?.kill('cancelled', reason);
    }
    await Promise.all(running.map((e) => e.done));
  }

  /** Cancels everything, ends every worker process and frees the pools. The engine cannot be reused. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.cancelAll('engine shut down');
    this.stopTicker();
    await this.backend.shutdown();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  private submit(specs: SleeveSpec[]): Promise<SleeveResult>[] {
    if (this.closed) throw new Error('SleeveComputeEngine: the engine is shut down; create a new one');
    if (!Array.isArray(specs)) throw new Error(`executeSleeves: specs: expected an array, got ${typeof specs}`);
    const promises = specs.map((raw, index) => {
      let spec: NormalizedSpec;
      try {
        spec = normalizeSpec(raw, index);
        checkSpecPaths(spec);
        sweepOrphanSandboxesOnce(spec.sandboxParent, this.sweptSandboxParents);
      } catch (e) {
        const name = String(raw?.name ?? raw?.profile ?? `#${index}`);
        const r = notRunResult(
          { name, profile: String(raw?.profile ?? ''), runId: String(raw?.runId ?? ''), outputPath: String(raw?.outputPath ?? '') },
          'failed',
          (e as Error).message,
        );
        this.onStatus(name, 'finished', r);
        return Promise.resolve(r);
      }
      return new Promise<SleeveResult>((resolve) => {
        const entry: Entry = { id: this.nextId++, spec, resolve };
        const over = overBudgetError(spec.name, spec, this.budget) ?? this.sharedOutputError(spec);
        if (over) return this.finishNotRun(entry, 'failed', over);
        this.queue.push(entry);
        this.onStatus(spec.name, 'queued');
      });
    });
    this.pump();
    return promises;
  }

  /**
   * Two sleeves exporting into one folder at the same time would interleave their files: a zip of one
   * beside the result.json of the other. The later one fails at once, naming the folder and the other.
   */
  private sharedOutputError(spec: NormalizedSpec): string | undefined {
    const out = path.resolve(spec.outputPath);
    const other = [...this.queue, ...this.running.values(), ...this.finishing.values()].find((e) => path.resolve(e.spec.outputPath) === out);
    if (!other) return undefined;
    return `sleeve ${JSON.stringify(spec.name)}: outputPath: invalid value ${JSON.stringify(spec.outputPath)}; expected a folder no other queued or running sleeve writes (sleeve ${other.spec.name} writes it)`;
  }

  private finishNotRun(e: Entry, status: 'failed' | 'cancelled', error: string): void {
    const r = notRunResult(e.spec, status, error);
    this.onStatus(e.spec.name, 'finished', r);
    e.resolve(r);
  }

  /** Starts every queued sleeve admission control allows now. */
  private pump(): void {
    const running = [...this.running.values()].map((e) => e.spec);
    let planned = planAdmission(
      this.budget,
      running,
      this.queue.map((e) => ({ id: e.id, cpus: e.spec.cpus, memoryMb: e.spec.memoryMb })),
    );
    if (this.backend.maxInFlight !== undefined) planned = planned.slice(0, Math.max(0, this.backend.maxInFlight - running.length));
    const ids = new Set(planned);
    if (ids.size === 0) return;
    const start = this.queue.filter((e) => ids.has(e.id));
    for (let i = this.queue.length - 1; i >= 0; i--) if (ids.has(this.queue[i].id)) this.queue.splice(i, 1);
    for (const e of start) this.running.set(e.id, e); // all counted before any starts (morePending)
    for (const e of start) this.start(e);
  }

  private start(e: Entry): void {
    this.onStatus(e.spec.name, 'started');
    this.startTicker();
    e.done = runSleeve(e.spec, {
      backend: this.backend,
      hostEnv: process.env,
      onLine: this.onLine,
      register: (a) => this.attempts.add(a),
      unregister: (a) => this.attempts.delete(a),
      cancelled: () => e.cancelled,
      morePending: () => this.queue.length + this.running.size > 1,
      setCurrent: (a) => (e.attempt = a),
      processesEnded: () => {
        if (!this.running.delete(e.id)) return;
        this.finishing.set(e.id, e);
        this.onStatus(e.spec.name, 'released');
        this.pump();
      },
    })
      .catch((err: Error) => notRunResult(e.spec, 'failed', `sleeve ${e.spec.name}: engine error: ${err.message}`))
      .then((r) => {
        this.running.delete(e.id);
        this.finishing.delete(e.id);
        this.onStatus(e.spec.name, 'finished', r);
        e.resolve(r);
        this.pump();
        if (this.running.size === 0) this.stopTicker();
        return r;
      });
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    this.backend.tick();
    // One full /proc pass per second shared by all sleeves; cheap per-sleeve tree reads in between.
    const full =
      procAvailable && this.backend.watchesLocalProcesses && this.tickCount++ % FULL_SCAN_EVERY === 0 && this.attempts.size > 0
        ? readProcessTable()
        : undefined;
    for (const a of this.attempts) {
      try {
        a.tick(full);
      } catch {
        // e.g. a sandbox removed under our feet: the attempt's own end decides its status
      }
    }
  }
}
