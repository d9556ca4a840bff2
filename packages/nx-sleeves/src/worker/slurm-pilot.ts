/**
 * A pilot job of the slurm backend's pilot mode:
 * `node slurm-pilot.js <queueDir> <cpus> <memoryMb> <idleMs> <heartbeatStaleMs>`.
 * It pulls sleeve attempts from <queueDir>/queue (claimed by rename, so two pilots never take the same one) while
 * they fit in its cpus and memory, and runs each exactly as the local backend does on this node (LocalBackend: a
 * fresh tinypool worker per sleeve, RSS watchdog of the process tree, timeout, group kills). The engine talks to
 * it through files only (every node sees the folder):
 * - `<sandbox>/.control/pilot`: written at claim, the pilot's Slurm job id (the engine watches that job);
 * - `<sandbox>/.control/kill`: written by the engine to cancel, `{ reason: 'cancelled' | 'timeout', detail? }`;
 * - `<sandbox>/.control/attempt.json`: the attempt's result, written by the pilot (temp name + rename).
 * It ends when `<queueDir>/stop` appears, when `<queueDir>/heartbeat` has not changed for heartbeatStaleMs (the
 * engine died), or after idleMs with nothing to run — killing whatever still runs in the first two cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalBackend } from '../engine/backends/local';
import type { AttemptResult } from '../engine/attempt';
import type { BackendAttempt } from '../engine/backends/types';
import type { KillReason } from '../engine/outcome';
import { procAvailable, readProcessTable } from '../process/process-table';
import { ALIVE_EVERY_MS, PILOT_FILES, readControlFile, type PilotItem } from './pilot-protocol';
import { writeSmallFileAtomic } from '../artifacts/atomic';

/** The queue and kill files are polled this often (fs.watch does not see writes from other hosts over NFS). */
const LOOP_MS = 50;
const TICK_EVERY = 2; // the attempts' watchdog tick every 100 ms, as in the engine
const HEARTBEAT_EVERY = ALIVE_EVERY_MS / LOOP_MS; // stop file, engine heartbeat, our alive count: once a second
const FULL_SCAN_EVERY = 10;

interface Running {
  attempt: BackendAttempt;
  item: PilotItem;
  killed: boolean;
}

function main(argv: string[]): void {
  const [queueDir, cpusArg, memArg, idleArg, staleArg] = argv;
  const cpus = Number(cpusArg);
  const memoryMb = Number(memArg);
  const idleMs = Number(idleArg);
  const staleMs = Number(staleArg);
  const jobId = process.env.SLURM_JOB_ID ?? `pid${process.pid}`;
  const queue = PILOT_FILES.queue(queueDir);
  const claimed = PILOT_FILES.claimed(queueDir);
  fs.mkdirSync(claimed, { recursive: true });
  const aliveFile = PILOT_FILES.alive(queueDir, jobId);
  fs.mkdirSync(path.dirname(aliveFile), { recursive: true });
  let aliveCount = 0;
  const showAlive = () => {
    try {
      writeSmallFileAtomic(aliveFile, String(++aliveCount));
    } catch {
      /* the queue folder is gone: the stop file or the heartbeat ends us */
    }
  };
  showAlive();
  const backend = new LocalBackend();
  const running = new Map<string, Running>();
  let lastBusy = Date.now();
  let beat = readControlFile(PILOT_FILES.heartbeat(queueDir));
  let beatSince = Date.now();
  let loops = 0;
  let ending = false;
  let terminated = false;

  const used = () => {
    let c = 0;
    let m = 0;
    for (const r of running.values()) {
      c += r.item.cpus;
      m += r.item.limits.memoryMb;
    }
    return { c, m };
  };

  const claim = () => {
    let names: string[];
    try {
      names = fs
        .readdirSync(queue)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      return;
    }
    for (const name of names) {
      const u = used();
      const target = path.join(claimed, `${jobId}-${name}`);
      let item: PilotItem;
      try {
        item = JSON.parse(fs.readFileSync(path.join(queue, name), 'utf8')) as PilotItem;
      } catch {
        continue; // taken by another pilot meanwhile
      }
      if (u.c + item.cpus > cpus || u.m + item.limits.memoryMb > memoryMb) {
        if (running.size > 0) return; // in queue order: wait for room rather than overtaking
        continue;
      }
      try {
        fs.renameSync(path.join(queue, name), target);
      } catch {
        continue; // another pilot won
      }
      try {
        writeSmallFileAtomic(PILOT_FILES.claim(item.sandboxDir), jobId);
      } catch {
        continue; // the sandbox is gone (cancelled meanwhile)
      }
      start(item, names.length - 1 > running.size);
    }
  };

  const start = (item: PilotItem, morePending: boolean) => {
    const attempt = backend.createAttempt({
      spec: {} as never, // the local backend does not read it
      sandboxDir: item.sandboxDir,
      task: item.task,
      limits: item.limits,
      heapMb: item.heapMb,
      morePending,
      emit: () => undefined, // the engine follows the sleeve's log file itself
    });
    running.set(item.sandboxDir, { attempt, item, killed: false });
    lastBusy = Date.now();
    attempt
      .run()
      .catch((e: Error): AttemptResult => ({ status: 'crashed', error: `pilot ${jobId}: ${e.message}`, peakRssMb: 0 }))
      .then((r) => {
        const result: AttemptResult = terminated
          ? {
              status: 'crashed',
              error: `sleeve ${item.task.name} crashed: its Slurm pilot job ${jobId} was stopped by Slurm (SIGTERM: scancel, time limit or preemption)`,
              peakRssMb: r.peakRssMb,
            }
          : r;
        try {
          writeSmallFileAtomic(PILOT_FILES.result(item.sandboxDir), JSON.stringify(result));
        } catch {
          /* the sandbox is gone: the engine gave up on it */
        }
        running.delete(item.sandboxDir);
        lastBusy = Date.now();
        if (!ending) claim();
      });
  };

  const end = async (killAll: boolean) => {
    if (ending) return;
    ending = true;
    clearInterval(loop);
    watcher?.close();
    fs.rmSync(aliveFile, { force: true }); // the engine asks squeue at once, and sees this job end
    if (killAll) for (const r of running.values()) r.attempt.kill('cancelled');
    const ticker = setInterval(() => tickAttempts(), 100);
    while (running.size > 0) await new Promise((r) => setTimeout(r, 50));
    clearInterval(ticker);
    await backend.shutdown();
    process.exit(0);
  };

  const tickAttempts = () => {
    backend.tick();
    const full = procAvailable && running.size > 0 && loops % (TICK_EVERY * FULL_SCAN_EVERY) === 0 ? readProcessTable() : undefined;
    for (const r of running.values()) r.attempt.tick(full);
  };

  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(queue, () => !ending && claim());
    watcher.on('error', () => undefined);
  } catch {
    /* polled below */
  }

  const loop = setInterval(() => {
    loops++;
    if (loops % HEARTBEAT_EVERY === 0) {
      if (fs.existsSync(PILOT_FILES.stop(queueDir))) return void end(true);
      showAlive();
      const now = readControlFile(PILOT_FILES.heartbeat(queueDir));
      if (now !== beat) {
        beat = now;
        beatSince = Date.now();
      } else if (Date.now() - beatSince > staleMs) return void end(true);
    }
    for (const [dir, r] of running) {
      if (r.killed) continue;
      const kill = readControlFile(PILOT_FILES.kill(dir));
      if (kill === undefined) continue;
      try {
        const { reason, detail } = JSON.parse(kill) as { reason: KillReason; detail?: string };
        r.killed = true;
        r.attempt.kill(reason, detail);
      } catch {
        /* half-written: next loop */
      }
    }
    claim();
    if (loops % TICK_EVERY === 0) tickAttempts();
    if (running.size === 0 && Date.now() - lastBusy > idleMs) void end(false);
  }, LOOP_MS);
  // Slurm ended this job (scancel by someone, time limit, preemption: SIGTERM, SIGKILL after KillWait): end the
  // sleeves' processes, and report them crashed (the engine retries them per maxRetries), as a lost job would be.
  process.on('SIGTERM', () => {
    terminated = true;
    void end(true);
  });
  claim();
}

main(process.argv.slice(2));
