/**
 * Runs inside the sleeve's own process (a tinypool child_process worker, one fresh process per sleeve).
 * The engine has created the sandbox folders; this module:
 *  1. writes its pid (for the parent's watchdog) and, on exit, its exit code;
 *  2. replaces the process env with the sleeve's allow-listed env, chdirs into the sandbox;
 *  3. sends stdout/stderr/console to data/logs/sleeve.log (the child must not write to its own stdout:
 *     tinypool pipes that raw into the parent's terminal);
 *  4. builds the lakehouse view (one link per shared file) and saves the snapshot for the parent's check;
 *  5. runs the module pipeline or the external command and answers success/failed.
 * Crashes, OOM and timeouts are decided by the parent: it watches this process from outside.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { PipelineContext } from '@nx-sleeves/contracts';
import { sandboxLayout } from '../sandbox/layout';
import { fillPlaceholders } from './placeholders';
import type { WorkerOutcome, WorkerTask } from './protocol';
import { killDescendants, killGroup } from '../process/process-table';
import { buildLakehouseView } from '../sandbox/sandbox';
import { writeSmallFileAtomic } from '../artifacts/atomic';

/** The command group of the running sleeve, if any (for the parent-death clean-up below). */
let commandPgid: number | undefined;

// Ctrl-C reaches the whole foreground process group, workers included. Only the engine decides what a
// Ctrl-C means (cancelAll → `cancelled`); a worker dying on its own would look like a crash and be retried.
process.on('SIGINT', () => undefined);
// If the engine's process dies (even by SIGKILL) the IPC channel closes: end the sleeve and its command
// group rather than live on as an orphan.
process.on('disconnect', () => {
  if (commandPgid !== undefined) killGroup(commandPgid, 'SIGKILL');
  killDescendants(process.pid);
  process.exit(1);
});

/**
 * The 'disconnect' handler above needs this process's event loop; a pipeline stuck in a synchronous loop
 * never yields it, and would spin on forever after the engine died. So a small `/bin/sh` child (its own
 * process) waits for the engine's death; a second later (time for the handler above to act if it can), if this
 * process has been re-parented, it starts node to kill the sleeve's descendants and the process itself. A shell
 * costs a few ms of CPU per sleeve where a worker thread's node bootstrap cost 0.1–0.25 s (measured, see
 * docs/engine.md "Where a sleeve's time goes"); node runs only when orphaned.
 * How it waits: a tinypool worker's stdin is a socket whose other end only the engine holds (it never writes), so a
 * `read` on it returns at the engine's death, even by SIGKILL, without polling. Where stdin is no socket or pipe
 * (a Slurm job), the shell reads this process's parent pid from /proc every second instead; every check there runs
 * `sleep`, an exec of ≈ 2–3 ms of CPU. Either way the re-parenting check decides, so a stdin closed for another
 * reason ends the guard without a kill. The guard ignores SIGINT (a Ctrl-C reaches the whole group; the engine
 * decides what it means) and ends with this process or with the sleeve's clean-up (killDescendants in runSleeveTask).
 */
const ORPHAN_POLL_S = 1;
const ORPHAN_GRACE_S = 1;
const ORPHAN_KILL = `
  const { readProcessTree, sleeveProcesses } = require(process.argv[1]);
  const w = Number(process.argv[2]);
  for (const p of sleeveProcesses(readProcessTree([w]), w, [])) if (p.pid !== w && p.pid !== process.pid) try { process.kill(p.pid, 'SIGKILL'); } catch {}
  try { process.kill(w, 'SIGKILL'); } catch {}`;
const ORPHAN_GUARD_SH = `
trap '' INT
W=$1 P=$2 NODE=$3 PT=$4 KILL=$5
# true while the worker lives and its parent is still the engine (field 4 of /proc/<pid>/stat)
with_engine() {
  read -r line < /proc/$W/stat || return 1
  rest=\${line##*) }; set -- $rest
  [ "$2" = "$P" ]
}
if [ -S /dev/stdin ] || [ -p /dev/stdin ]; then
  while read -r _; do :; done
else
  while with_engine; do sleep ${ORPHAN_POLL_S}; done
fi
sleep ${ORPHAN_GRACE_S}
with_engine && exit 0
[ -e /proc/$W ] || exit 0
exec "$NODE" -e "$KILL" "$PT" "$W"`;
function watchForOrphaning(): void {
  if (!fs.existsSync(`/proc/${process.pid}/stat`)) return watchForOrphaningThread();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const guard = spawn(
      '/bin/sh',
      [
        '-c',
        ORPHAN_GUARD_SH,
        'orphan-guard',
        String(process.pid),
        String(process.ppid),
        process.execPath,
        require.resolve('../process/process-table'),
        ORPHAN_KILL,
      ],
      // stdin inherited: the engine's end of it is what the guard waits on (see ORPHAN_GUARD_SH).
      { stdio: ['inherit', 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin' } },
    );
    guard.on('error', () => undefined); // the guard is best effort; the sleeve itself goes on
    guard.unref();
  } catch {
    /* best effort */
  }
}

/** Without /proc (not Linux): a worker thread polls process.ppid (costs a node bootstrap per sleeve). */
function watchForOrphaningThread(): void {
  const code = `
    const { workerData } = require('node:worker_threads');
    const { killDescendants } = require(workerData.processTable);
    let strikes = 0;
    setInterval(() => {
      if (process.ppid === workerData.ppid) return void (strikes = 0);
      if (++strikes < workerData.strikes) return;
      try { killDescendants(workerData.pid); } catch {}
      process.kill(workerData.pid, 'SIGKILL');
    }, workerData.pollMs);`;
  // Loaded here, not at the top: on Linux (the usual case) it is never needed, and it costs every sleeve ≈ 3 ms.
  void import('node:worker_threads').then(({ Worker }) => startGuardThread(Worker, code));
}

function startGuardThread(Worker: typeof import('node:worker_threads').Worker, code: string): void {
  try {
    const guard = new Worker(code, {
      eval: true,
      env: {},
      workerData: {
        ppid: process.ppid,
        pid: process.pid,
        processTable: require.resolve('../process/process-table'),
        pollMs: ORPHAN_POLL_S * 1000,
        strikes: ORPHAN_GRACE_S / ORPHAN_POLL_S,
      },
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
      stdout: false,
      stderr: false,
    });
    guard.on('error', () => undefined);
    guard.unref();
  } catch {
    /* best effort */
  }
}

type PipelineModule = { run?: (ctx: PipelineContext) => Promise<void> | void; default?: unknown };

const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<PipelineModule>;

async function loadPipeline(file: string): Promise<(ctx: PipelineContext) => Promise<void> | void> {
  let mod: PipelineModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the sleeve's pipeline module, path known at run time
    mod = require(file) as PipelineModule;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw e;
    mod = await importEsm(pathToFileURL(file).href);
  }
  const dflt = mod.default as PipelineModule | ((ctx: PipelineContext) => unknown) | undefined;
  const run = mod.run ?? (typeof dflt === 'function' ? dflt : dflt?.run);
  if (typeof run !== 'function') throw new Error(`pipeline ${file} does not export run(context)`);
  return run as (ctx: PipelineContext) => Promise<void> | void;
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].trim() || 'unknown error';
}

/** Routes every write to stdout/stderr (and so console.*) into the sleeve's log file descriptor. */
function redirectOutput(fd: number): void {
  const write = (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof chunk === 'string') fs.writeSync(fd, chunk);
    else if (chunk instanceof Uint8Array) fs.writeSync(fd, chunk);
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
}

export async function runSleeveTask(task: WorkerTask): Promise<WorkerOutcome> {
  // Phase marks (ms since this process started) for the engine's trace; nothing is written unless task.trace.
  // process.uptime(), not performance.now(): the `performance` global loads perf_hooks in a fresh process.
  const sinceStart = () => Math.round(process.uptime() * 1000);
  const marks: Record<string, number> = { taskReceived: sinceStart() };
  const mark = (k: string) => (marks[k] = sinceStart());
  const l = sandboxLayout(task.sandboxDir);
  writeSmallFileAtomic(l.workerPidFile, String(process.pid));
  process.on('exit', (code) => {
    try {
      fs.writeFileSync(l.exitCodeFile, String(code));
    } catch {
      /* the sandbox may be gone already */
    }
  });

  // The whole env is replaced, not merged: secrets of the host never reach the sleeve.
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, task.env);
  process.chdir(l.sandboxDir);

  const logFd = fs.openSync(l.logFile, 'a');
  redirectOutput(logFd);
  const writeLine = (line: string) => fs.writeSync(logFd, line.endsWith('\n') ? line : line + '\n');

  const controller = new AbortController();
  let running = true;
  // The engine ends a finished worker with SIGTERM: exit at once. During a run, tell the pipeline
  // (context.signal), stop its command group, and give it a moment to write its last lines.
  process.on('SIGTERM', () => {
    if (!running) process.exit(0);
    controller.abort(new Error('sleeve cancelled')); // also SIGTERMs the command's group
    setTimeout(() => {
      // Whatever ignored the SIGTERM must not outlive this process: the engine may not know the group yet.
      if (commandPgid !== undefined) killGroup(commandPgid, 'SIGKILL');
      killDescendants(process.pid);
      process.exit(143);
    }, 500);
  });

  const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  try {
    const snapshot = buildLakehouseView(task.lakehouse, l.lakehouseDir);
    writeSmallFileAtomic(l.snapshotFile, JSON.stringify(snapshot));
    mark('viewBuilt');

    if (task.command) {
      const argv = fillPlaceholders(task.command, {
        profile: task.profile,
        runId: task.runId,
        artifactsDir: l.artifactsDir,
        logsDir: l.logsDir,
        lakehouseDir: l.lakehouseDir,
      });
      // Loaded only for commands: child_process adds to every module pipeline's start-up otherwise.
      const { runCommand } = await import('./run-command');
      const r = await runCommand(argv, {
        cwd: l.sandboxDir,
        env: task.env,
        writeLine,
        pgidFile: l.commandPgidFile,
        writePgid: writeSmallFileAtomic,
        signal: controller.signal,
        onPgid: (pgid) => (commandPgid = pgid),
      });
      return { ...r, maxRssMb: maxRssMb() };
    }

    // Only module pipelines can block this process's event loop; a command is awaited, not run here.
    watchForOrphaning();
    const run = await loadPipeline(task.pipeline!);
    mark('pipelineLoaded');
    await run({
      profile: task.profile,
      runId: task.runId,
      workspaceRoot: task.workspaceRoot,
      projectRoot: task.projectRoot,
      sandboxDir: l.sandboxDir,
      artifactsDir: l.artifactsDir,
      logsDir: l.logsDir,
      lakehouseDir: l.lakehouseDir,
      cpus: task.cpus,
      memoryMb: task.memoryMb,
      env: { ...task.env },
      options: task.options,
      log: (line) => writeLine(String(line)),
      progress: (stage, detail) => writeLine(`progress: ${stage}${detail ? ` - ${detail}` : ''}`),
      signal: controller.signal,
    });
    mark('pipelineDone');
    return { status: 'success', maxRssMb: maxRssMb() };
  } catch (e) {
    writeLine(`error: ${oneLine(e)}`);
    return { status: 'failed', error: oneLine(e), maxRssMb: maxRssMb() };
  } finally {
    running = false;
    // A pipeline's background processes must not outlive it (the command's group is already gone).
    killDescendants(process.pid);
    if (task.trace) {
      mark('end');
      const cpu = process.cpuUsage();
      try {
        writeSmallFileAtomic(l.timingsFile, JSON.stringify({ ...marks, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
      } catch {
        /* tracing is best effort */
      }
    }
  }
}
