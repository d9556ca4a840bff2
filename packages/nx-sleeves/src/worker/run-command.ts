import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { LineSplitter } from './line-splitter';
import { killGroup } from '../process/process-table';

export interface CommandOutcome {
  status: 'success' | 'failed' | 'crashed';
  error?: string;
}

/**
 * Exit codes a launcher (`sh`, `uv run`, `env`-style wrappers) reports for a child killed by a fatal signal:
 * 128 + SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGSEGV. Such a child crashed; it did not report a failure.
 */
const CRASH_EXIT_CODES: Record<number, string> = { 132: 'SIGILL', 134: 'SIGABRT', 135: 'SIGBUS', 136: 'SIGFPE', 137: 'SIGKILL', 139: 'SIGSEGV' };

/** Exit 0 → success; death by a signal, or a launcher's 128+fatal-signal code → crashed; other codes → failed (pure). */
export function commandOutcome(command: string, code: number | null, signal: NodeJS.Signals | null): CommandOutcome {
  const c = JSON.stringify(command);
  if (code === 0) return { status: 'success' };
  if (code !== null && CRASH_EXIT_CODES[code]) {
    return { status: 'crashed', error: `command ${c} exited with code ${code} (128 + ${CRASH_EXIT_CODES[code]}: the process crashed)` };
  }
  if (code !== null) return { status: 'failed', error: `command ${c} exited with code ${code}` };
  return { status: 'crashed', error: `command ${c} was killed by signal ${signal}` };
}

/**
 * Runs an external command in its own process group (`detached`), so the engine can kill it and
 * everything it started with one `kill(-pgid)`. Its stdout/stderr are written line by line to the log.
 * The pgid is written to `pgidFile` before anything else can happen, for the parent's watchdog.
 * Exit 0 → success; other exit codes → failed (the command reported failure, not retried);
 * death by a signal nobody asked for → crashed.
 */
export function runCommand(
  argv: string[],
  opts: {
    cwd: string;
    env: Record<string, string>;
    writeLine: (line: string) => void;
    pgidFile: string;
    /** Writes the pgid file (the worker passes an atomic writer). */
    writePgid?: (file: string, text: string) => void;
    signal: AbortSignal;
    onPgid?: (pgid: number) => void;
  },
): Promise<CommandOutcome> {
  // Cancelled (SIGTERM) before the command started: an 'abort' listener added now would never fire, and
  // a command started anyway would outlive the sleeve in a group nobody knows.
  if (opts.signal.aborted) return Promise.resolve({ status: 'failed', error: `command ${JSON.stringify(argv[0])} not started: the sleeve was cancelled` });
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let settled = false;
    const done = (o: CommandOutcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    child.on('error', (e) => done({ status: 'failed', error: `command ${JSON.stringify(argv[0])} could not start: ${e.message}` }));
    if (child.pid === undefined) return; // 'error' follows (e.g. ENOENT)
    const pgid = child.pid;
    (opts.writePgid ?? fs.writeFileSync)(opts.pgidFile, String(pgid));
    opts.onPgid?.(pgid);
    const onAbort = () => killGroup(pgid, 'SIGTERM');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const out = new LineSplitter(opts.writeLine);
    const err = new LineSplitter(opts.writeLine);
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background processes the command left behind would hold its pipes open (and outlive the sleeve).
      killGroup(pgid, 'SIGKILL');
    });
    child.on('close', () => {
      out.end();
      err.end();
      opts.signal.removeEventListener('abort', onAbort);
      const { code, signal } = exit ?? { code: child.exitCode, signal: child.signalCode };
      done(commandOutcome(argv[0], code, signal));
    });
  });
}
