import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandboxLayout, type SandboxLayout } from '../../../sandbox/layout';
import { PILOT_FILES, readControlFile } from '../../../worker/pilot-protocol';
import { writeSmallFileAtomic } from '../../../artifacts/atomic';
import type { AttemptResult } from '../../attempt';
import { LogTail } from '../../log-tail';
import { decideOutcome, type KillReason } from '../../outcome';
import type { AttemptArgs, BackendAttempt } from '../types';
import type { PilotPool } from './pilot-pool';

type End = 'result' | 'dequeued' | 'lost' | 'fatal' | 'pending';
/** How long a claimed sleeve may lack its claim file (written right after the claim) before its pilot counts as lost. */
const CLAIM_FILE_GRACE_MS = 30_000;

/**
 * One sleeve attempt in pilot mode: queued for a pilot job (worker/slurm-pilot.ts), which runs it as the local
 * backend does and writes the AttemptResult into the sandbox. The engine follows the log, forwards cancels and
 * timeouts-while-queued, and turns the death of the pilot that claimed it into `crashed` (retried per maxRetries).
 */
export class PilotAttempt implements BackendAttempt {
  private readonly layout: SandboxLayout;
  private readonly tail: LogTail;
  private queueFile: string | undefined;
  private enqueuedAt = 0;
  private pilotId: string | undefined;
  private killReason: KillReason | undefined;
  private killDetail: string | undefined;
  private lostHow = '';
  private claimSeenAt: number | undefined;
  private pendingReason = '';
  private watcher: fs.FSWatcher | undefined;
  private endSeen!: (how: End) => void;
  private readonly ended = new Promise<End>((r) => (this.endSeen = r));

  constructor(
    private readonly a: AttemptArgs,
    private readonly pool: PilotPool,
  ) {
    this.layout = sandboxLayout(a.sandboxDir);
    this.tail = new LogTail(this.layout.logFile, (line) => a.emit(line));
  }

  private get o() {
    return this.pool.o;
  }

  async run(): Promise<AttemptResult> {
    const { spec } = this.a;
    const s = `sleeve ${spec.name}`;
    if (!this.pool.fits(spec.cpus, this.a.limits.memoryMb)) {
      this.tail.close();
      return {
        status: 'failed',
        error: `${s}: slurm backend (pilot mode): needs ${Math.ceil(spec.cpus)} cpu(s) and ${this.a.limits.memoryMb} MB, a pilot has ${this.o.pilotCpus} and ${this.o.pilotMemoryMb} MB (raise slurm.pilotCpus / slurm.pilotMemoryMb)`,
        peakRssMb: 0,
      };
    }
    if (this.pool.fatal) return this.failed(this.pool.fatal);
    if (this.killReason) return this.decided();
    try {
      this.queueFile = this.pool.enqueue(path.dirname(this.a.sandboxDir), spec.name, {
        sandboxDir: this.a.sandboxDir,
        task: this.a.task,
        limits: this.a.limits,
        heapMb: this.a.heapMb,
        cpus: Math.max(1, Math.ceil(spec.cpus)),
      });
    } catch (e) {
      return this.failed(`could not queue the sleeve for a pilot: ${(e as Error).message}`);
    }
    this.enqueuedAt = Date.now();
    try {
      this.watcher = fs.watch(this.layout.controlDir, () => this.check());
      this.watcher.on('error', () => undefined);
    } catch {
      /* the tick checks */
    }
    this.check();
    const how = await this.ended;
    this.watcher?.close();
    if (how === 'result') {
      this.tail.close();
      return JSON.parse(fs.readFileSync(PILOT_FILES.result(this.a.sandboxDir), 'utf8')) as AttemptResult;
    }
    if (how === 'fatal') return this.failed(this.pool.fatal ?? 'pilot submission failed');
    this.tail.close();
    if (how === 'lost') {
      return { status: 'crashed', error: `${s} crashed: its Slurm pilot job ${this.pilotId} ended (${this.lostHow}) before the sleeve did`, peakRssMb: 0 };
    }
    if (how === 'pending') {
      const secs = +((this.o.pendingTimeoutMs ?? 0) / 1000).toFixed(1);
      return { status: 'timeout', error: `${s} waited for a Slurm pilot for ${secs} s (reason: ${this.pendingReason || 'all pilots busy'})`, peakRssMb: 0 };
    }
    return this.decided(); // dequeued: cancelled or timed out before any pilot took it
  }

  private failed(message: string): AttemptResult {
    this.tail.close();
    return { status: 'failed', error: `sleeve ${this.a.spec.name}: ${message}`, peakRssMb: 0 };
  }

  private decided(): AttemptResult {
    this.tail.close();
    const d = decideOutcome({
      name: this.a.spec.name,
      memoryMb: this.a.limits.memoryMb,
      timeoutMs: this.a.limits.timeoutMs,
      peakRssMb: 0,
      killReason: this.killReason,
      cancelReason: this.killDetail,
      logText: '',
    } as Parameters<typeof decideOutcome>[0]);
    return { ...d, peakRssMb: 0 };
  }

  private check(): void {
    if (this.queueFile === undefined) return;
    if (fs.existsSync(PILOT_FILES.result(this.a.sandboxDir))) return this.endSeen('result');
    this.pilotId ??= readControlFile(PILOT_FILES.claim(this.a.sandboxDir));
    if (this.pilotId !== undefined) {
      const end = this.pool.pilotEnd(this.pilotId);
      // The pilot may have written the result just before it ended: look once more.
      if (end !== undefined && !fs.existsSync(PILOT_FILES.result(this.a.sandboxDir))) {
        this.lostHow = end;
        this.endSeen('lost');
      }
      return;
    }
    // Claimed (renamed away) but no claim file: the pilot died between the two (or its write is slow to show).
    if (!fs.existsSync(this.queueFile)) {
      this.claimSeenAt ??= Date.now();
      if (Date.now() - this.claimSeenAt > CLAIM_FILE_GRACE_MS) {
        this.pilotId = 'unknown';
        this.lostHow = 'it claimed the sleeve and never started it';
        this.endSeen('lost');
      }
      return;
    }
    if (this.pool.fatal && this.pool.dequeue(this.queueFile)) return this.endSeen('fatal');
    const pendingMs = this.o.pendingTimeoutMs;
    if (pendingMs !== undefined && !this.killReason && Date.now() - this.enqueuedAt > pendingMs && this.pool.dequeue(this.queueFile)) {
      this.pendingReason = this.pool.lastReason ?? '';
      this.endSeen('pending');
    }
  }

  tick(): void {
    this.tail.poll();
    this.check();
  }

  kill(reason: KillReason, detail?: string): void {
    if (this.killReason) return;
    this.killReason = reason;
    this.killDetail = detail;
    if (this.queueFile === undefined) return; // run() sees killReason before queueing
    if (this.pilotId === undefined && this.pool.dequeue(this.queueFile)) return this.endSeen('dequeued');
    try {
      writeSmallFileAtomic(PILOT_FILES.kill(this.a.sandboxDir), JSON.stringify({ reason, detail }));
    } catch {
      /* the sandbox is gone */
    }
  }
}
