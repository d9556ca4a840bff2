import { appendFileSync, readFileSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { RESULT_FILE, ZIP_FILE } from '@nx-sleeves/contracts';
import { exportSandbox } from '../artifacts/export';
import { buildSleeveEnv } from '../worker/env';
import type { WorkerTask } from '../worker/protocol';
import { createSandboxDirs, diffLakehouse } from '../sandbox/sandbox';
import { sandboxPathFor } from '../sandbox/sandbox-path';
import { sandboxLayout } from '../sandbox/layout';
import { writeSandboxOwner } from '../sandbox/sandbox-owner';
import type { AttemptResult } from './attempt';
import type { BackendAttempt, SleeveBackend } from './backends/types';
import { heapLimitMb } from './pool';
import type { SleeveStatus } from '@nx-sleeves/contracts';
import type { NormalizedSpec, SleeveResult } from './types';

export const LOG_TAIL_LINES = 20;
/** terminalOutput keeps at most this many log lines (the zip has the full log). */
export const TERMINAL_MAX_LINES = 5000;

export interface RunContext {
  backend: SleeveBackend;
  hostEnv: NodeJS.ProcessEnv;
  onLine: (sleeve: string, line: string) => void;
  /** The engine watches the attempt (tick) while it is registered. */
  register(a: BackendAttempt): void;
  unregister(a: BackendAttempt): void;
  /** Set when the sleeve is cancelled; checked between attempts and before export. */
  cancelled(): string | undefined;
  /** More sleeves than this one are queued or running (worth keeping a spare worker booted). */
  morePending(): boolean;
  /** Lets the engine cancel the current attempt. */
  setCurrent(a: BackendAttempt | undefined): void;
  /**
   * The last attempt is over and its processes are gone: the sleeve's cpus and memory go back to the budget while
   * this process checks the lakehouse, exports and cleans up (≈ 30 ms of CPU and up to ≈ 0.1 s of wall per
   * sample-size sleeve, which used to keep the next sleeve waiting).
   */
  processesEnded(): void;
}

/** The result of a sleeve that never ran (invalid spec, over budget, cancelled while queued). */
export function notRunResult(spec: { name: string; profile: string; runId: string; outputPath: string }, status: SleeveStatus, error: string): SleeveResult {
  const statusLine = `[${spec.name}] ${status}: ${error}`;
  return {
    name: spec.name,
    profile: spec.profile,
    runId: spec.runId,
    status,
    error,
    attempts: 0,
    durationMs: 0,
    peakRssMb: 0,
    outputPath: spec.outputPath,
    zipPath: spec.outputPath ? path.join(spec.outputPath, ZIP_FILE) : '',
    resultPath: spec.outputPath ? path.join(spec.outputPath, RESULT_FILE) : '',
    zipSha256: '',
    zipBytes: 0,
    files: [],
    logTail: [],
    terminalOutput: statusLine + '\n',
  };
}

/** Runs one admitted sleeve: attempts (retrying crashes and OOM kills), lakehouse check, export, clean-up. */
export async function runSleeve(spec: NormalizedSpec, ctx: RunContext): Promise<SleeveResult> {
  const started = Date.now();
  // NX_SLEEVES_TRACE=<file>: one JSON line per sleeve with the engine's and the worker's phase timings (ms).
  const traceFile = ctx.hostEnv.NX_SLEEVES_TRACE || undefined;
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (k: string) => {
    const now = performance.now();
    phases[k] = (phases[k] ?? 0) + Math.round(now - phaseStart);
    phaseStart = now;
  };
  let workerTimings: unknown;
  const terminal: string[] = [];
  let dropped = 0;
  const lastLines: string[] = [];
  const emit = (line: string) => {
    if (terminal.length < TERMINAL_MAX_LINES) terminal.push(`[${spec.name}] ${line}`);
    else dropped++;
    lastLines.push(line);
    if (lastLines.length > LOG_TAIL_LINES) lastLines.shift();
    ctx.onLine(spec.name, line);
  };
  const env = buildSleeveEnv(ctx.hostEnv, spec.envAllow, spec);
  const heapMb = heapLimitMb(spec.memoryMb, spec.command !== undefined);

  let attempts = 0;
  let result: AttemptResult;
  let sandboxDir: string | undefined;
  let peakRssMb = 0;
  // An engine-side error (the pool cannot load, the sandbox cannot be created) rejects: the engine reports
  // the sleeve failed. Its sandbox must not be left behind.
  const dropSandbox = async (e: unknown): Promise<never> => {
    if (sandboxDir !== undefined && !spec.keepSandbox) await fsp.rm(sandboxDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  };
  for (;;) {
    attempts++;
    sandboxDir = sandboxPathFor(ctx.backend.sandboxParent?.(spec) ?? spec.sandboxParent, spec.profile, spec.runId);
    try {
      createSandboxDirs(sandboxDir);
      writeSandboxOwner(sandboxDir, spec.keepSandbox);
    } catch (e) {
      return dropSandbox(e);
    }
    phase('sandbox');
    lastLines.length = 0;
    const task: WorkerTask = {
      name: spec.name,
      profile: spec.profile,
      runId: spec.runId,
      pipeline: spec.pipeline,
      command: spec.command,
      sandboxDir,
      lakehouse: spec.lakehouse,
      workspaceRoot: spec.workspaceRoot,
      projectRoot: spec.projectRoot,
      cpus: spec.cpus,
      memoryMb: spec.memoryMb,
      env,
      options: spec.options,
      ...(traceFile ? { trace: true } : {}),
    };
    const attempt = ctx.backend.createAttempt({
      spec,
      sandboxDir,
      task,
      limits: { memoryMb: spec.memoryMb, timeoutMs: spec.timeoutMs },
      heapMb,
      morePending: ctx.morePending(),
      emit,
    });
    ctx.setCurrent(attempt);
    ctx.register(attempt);
    const cancelledBefore = ctx.cancelled();
    if (cancelledBefore) attempt.kill('cancelled', cancelledBefore);
    try {
      result = await attempt.run();
    } catch (e) {
      return dropSandbox(e);
    } finally {
      ctx.unregister(attempt);
      ctx.setCurrent(undefined);
    }
    phase('attempt');
    if (traceFile) {
      try {
        workerTimings = JSON.parse(readFileSync(sandboxLayout(sandboxDir).timingsFile, 'utf8'));
      } catch {
        workerTimings = undefined;
      }
    }
    peakRssMb = Math.max(peakRssMb, result.peakRssMb);
    const retryable = result.status === 'crashed' || result.status === 'oom';
    if (retryable && attempts <= spec.maxRetries && !ctx.cancelled()) {
      const note = `[${spec.name}] attempt ${attempts} ended ${result.status}: ${result.error}; retrying`;
      terminal.push(note);
      ctx.onLine(spec.name, `attempt ${attempts} ended ${result.status}: ${result.error}; retrying`);
      if (!spec.keepSandbox) await fsp.rm(sandboxDir, { recursive: true, force: true });
      continue;
    }
    break;
  }
  ctx.processesEnded();

  let { status, error } = result;
  if (status !== 'cancelled' && result.snapshot) {
    const changes = diffLakehouse(spec.lakehouse, result.snapshot);
    if (changes.length) {
      const msg = `sleeve ${spec.name} changed the shared lakehouse (${changes.slice(0, 5).join(', ')}${changes.length > 5 ? `, … ${changes.length - 5} more` : ''})`;
      if (status === 'success' || status === 'failed') {
        status = 'failed';
        error = msg;
      } else {
        error = `${error}; ${msg}`;
      }
    }
  }
  phase('lakehouseCheck');
  const durationMs = Date.now() - started;
  const base = notRunResult(spec, status, error ?? '');
  const out: SleeveResult = { ...base, error, attempts, durationMs, peakRssMb, logTail: [...lastLines] };
  if (error === undefined) delete out.error;

  try {
    // A cancelled sleeve leaves no output; anything else is exported, failures included (for debugging).
    if (status !== 'cancelled' && !ctx.cancelled()) {
      const ex = await exportSandbox({
        sandboxDir,
        outputPath: spec.outputPath,
        profile: spec.profile,
        runId: spec.runId,
        status,
        error,
        attempts,
        durationMs,
        peakRssMb,
      });
      Object.assign(out, ex);
      phase('export');
    } else if (status !== 'cancelled') {
      out.status = 'cancelled';
      out.error = `sleeve ${spec.name} was cancelled: ${ctx.cancelled()}`;
    }
  } catch (e) {
    out.status = 'failed';
    out.error = `sleeve ${spec.name}: export to ${spec.outputPath} failed: ${(e as Error).message}`;
  } finally {
    if (!spec.keepSandbox) await fsp.rm(sandboxDir, { recursive: true, force: true }).catch(() => undefined);
    phase('cleanup');
  }
  if (traceFile) {
    try {
      appendFileSync(traceFile, JSON.stringify({ sleeve: spec.name, status: out.status, attempts, engineMs: phases, worker: workerTimings }) + '\n');
    } catch {
      /* tracing is best effort */
    }
  }

  if (dropped) terminal.push(`[${spec.name}] … ${dropped} more log lines in logs/sleeve.log of the zip`);
  const peak = out.peakRssMb ? `, peak ${out.peakRssMb} MB` : '';
  terminal.push(`[${spec.name}] ${out.status} in ${(durationMs / 1000).toFixed(1)} s (attempts ${attempts}${peak})${out.error ? `: ${out.error}` : ''}`);
  out.terminalOutput = terminal.join('\n') + '\n';
  return out;
}
