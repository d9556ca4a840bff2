import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PILOT_FILES, readControlFile, type PilotItem } from '../../../worker/pilot-protocol';
import { WORKER_FILE } from '../../pool';
import { SlurmCommandError } from './commands';
import { pilotSbatchArgs, pilotScript } from './job';
import type { PilotOptions } from './options';
import type { SlurmBackend } from './slurm-backend';
import { isTerminal } from './states';
import { pilotPollEveryMs } from './poll-interval';
import { writeSmallFileAtomic } from '../../../artifacts/atomic';

export const PILOT_MAIN_FILE = path.join(path.dirname(WORKER_FILE), 'slurm-pilot.js');
const HEARTBEAT_EVERY_MS = 1000;
/** After scancel at shutdown, how long to wait for Slurm to report the pilots gone. */
const STOP_WAIT_MS = 30_000;
/** At shutdown, how long pilots get to end on the stop file before they are scancelled. */
const STOP_GRACE_MS = 2000;
/**
 * Pilot mode of the slurm backend (engine side): one queue folder per engine, beside the sandboxes (so every node
 * sees it), and up to `pilots` pilot jobs (worker/slurm-pilot.ts) pulling from it. A pilot is submitted when work is
 * queued and fewer are alive; an idle pilot ends itself after pilotIdleMs, a later sleeve submits a new one.
 */
export class PilotPool {
  private dir: string | undefined;
  private seq = 0;
  private readonly live = new Set<string>();
  private readonly ended = new Map<string, string>();
  /** Each live pilot's alive count as last read, and when it last changed (this engine's clock). */
  private readonly alive = new Map<string, { count: string | undefined; changedAt: number }>();
  private submitting = 0;
  private lastBeat = 0;
  /** Set when a pilot could not be submitted: every queued sleeve fails with it. */
  fatal: string | undefined;

  constructor(
    private readonly backend: SlurmBackend,
    readonly o: PilotOptions,
    private readonly hostEnv: NodeJS.ProcessEnv,
  ) {}

  /** Whether a sleeve of this size fits in one pilot (else it would never be claimed). */
  fits(cpus: number, memoryMb: number): boolean {
    return Math.max(1, Math.ceil(cpus)) <= this.o.pilotCpus && memoryMb <= this.o.pilotMemoryMb;
  }

  private ensureDir(sandboxParent: string): string {
    if (this.dir) return this.dir;
    const dir = path.join(sandboxParent, `.pilots-${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`);
    fs.mkdirSync(PILOT_FILES.queue(dir), { recursive: true });
    fs.mkdirSync(PILOT_FILES.claimed(dir), { recursive: true });
    const stale = Number(this.hostEnv.NX_SLEEVES_SLURM_HEARTBEAT_STALE_MS) || 120_000;
    writeSmallFileAtomic(path.join(dir, 'pilot.sh'), pilotScript(process.execPath, PILOT_MAIN_FILE, dir, this.o, stale), 0o755);
    this.dir = dir;
    this.beat();
    return dir;
  }

  /** Queues one attempt; returns its queue file (for dequeue). */
  enqueue(sandboxParent: string, name: string, item: PilotItem): string {
    const dir = this.ensureDir(sandboxParent);
    const file = path.join(PILOT_FILES.queue(dir), `${String(this.seq++).padStart(8, '0')}-${name}.json`);
    writeSmallFileAtomic(file, JSON.stringify(item));
    this.ensurePilots();
    return file;
  }

  /** Takes an attempt back out of the queue; false when a pilot claimed it already. */
  dequeue(file: string): boolean {
    try {
      fs.renameSync(file, `${file}.gone`);
      fs.rmSync(`${file}.gone`, { force: true });
      return true;
    } catch {
      return false;
    }
  }

  /** How the pilot with this job id ended, or undefined while it lives (or was never seen). */
  pilotEnd(jobId: string): string | undefined {
    return this.ended.get(jobId);
  }

  /** Slurm's state of a live pilot (for a pending sleeve's reason). */
  lastReason: string | undefined;

  private queued(): number {
    if (!this.dir) return 0;
    try {
      return fs.readdirSync(PILOT_FILES.queue(this.dir)).filter((n) => n.endsWith('.json')).length;
    } catch {
      return 0;
    }
  }

  private ensurePilots(): void {
    if (this.fatal || !this.dir) return;
    const want = Math.min(this.o.pilots, this.queued());
    while (this.live.size + this.submitting < want) this.submitPilot(this.dir);
  }

  private submitPilot(dir: string): void {
    this.submitting++;
    const env: Record<string, string> = {};
    for (const k of ['PATH', 'SLURM_CONF', 'MUNGE_SOCKET']) if (this.hostEnv[k]) env[k] = this.hostEnv[k]!;
    this.backend
      .submit(pilotSbatchArgs(dir, this.o), env)
      .then((id) => {
        this.live.add(id);
        this.backend.watch(id, {
          pollEveryMs: () => pilotPollEveryMs(this.alive.get(id), Date.now(), this.o.pollMs),
          onState: (s) => {
            this.lastReason = s.state === 'PENDING' ? s.reason : undefined;
            if (isTerminal(s.state)) this.pilotGone(id, s.state);
          },
          onGone: () => this.pilotGone(id, 'gone from squeue'),
          onPollError: (m) => this.pilotGone(id, `lost track: ${m}`),
        });
      })
      .catch((e: Error) => {
        this.fatal = e instanceof SlurmCommandError ? e.message : `pilot submission failed: ${e.message}`;
      })
      .finally(() => this.submitting--);
  }

  private pilotGone(id: string, how: string): void {
    this.backend.unwatch(id);
    this.live.delete(id);
    this.alive.delete(id);
    this.ended.set(id, how);
    this.ensurePilots(); // work left: a new pilot
  }

  private beat(): void {
    if (!this.dir) return;
    this.lastBeat = Date.now();
    try {
      writeSmallFileAtomic(PILOT_FILES.heartbeat(this.dir), String(this.lastBeat));
    } catch {
      /* removed at shutdown */
    }
  }

  tick(): void {
    if (!this.dir) return;
    if (Date.now() - this.lastBeat >= HEARTBEAT_EVERY_MS) this.beat();
    this.readAlive(this.dir);
    this.ensurePilots();
  }

  private readAlive(dir: string): void {
    const now = Date.now();
    for (const id of this.live) {
      const count = readControlFile(PILOT_FILES.alive(dir, id));
      const seen = this.alive.get(id);
      if (seen?.count === count) continue;
      this.alive.set(id, { count, changedAt: now });
      // Its alive file just went away: the pilot ended (or is ending), so ask squeue now.
      if (count === undefined) this.backend.pollSoon(id);
    }
  }

  /** Tells the pilots to stop, scancels them, waits until Slurm lists none, removes the queue folder. */
  async shutdown(): Promise<void> {
    if (!this.dir) return;
    const dir = this.dir;
    try {
      fs.writeFileSync(PILOT_FILES.stop(dir), '');
    } catch {
      /* gone */
    }
    const ids = [...this.live];
    // Idle pilots see the stop file within milliseconds and end on their own; scancel whatever still runs.
    const grace = Date.now() + STOP_GRACE_MS;
    while (ids.length > 0 && Date.now() < grace && (await this.backend.anyAlive(ids))) await new Promise((r) => setTimeout(r, 50));
    await this.backend.scancel(ids);
    const until = Date.now() + STOP_WAIT_MS;
    while (ids.length > 0 && Date.now() < until && (await this.backend.anyAlive(ids))) await new Promise((r) => setTimeout(r, 100));
    for (const id of ids) this.backend.unwatch(id);
    this.live.clear();
    this.dir = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
