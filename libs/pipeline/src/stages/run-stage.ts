import type { AuditLedger } from '../audit';
import type { ArtifactWriter } from './artifact-writer';
import { type PipelineContext, relativizeMessage } from './context';

export interface StageOutcome<T> {
  value: T;
  /** one short line for the progress message */
  summary: string;
  /** recorded in the audit outcome (no times, no absolute paths) */
  detail?: Record<string, unknown>;
}

/**
 * Runs one stage: records its intent, runs it, records the outcome with the sha256 of every file it
 * wrote (also when it fails), and prints one progress line. Errors are rethrown with absolute
 * directories replaced by short names.
 */
export async function runStage<T>(
  ctx: PipelineContext,
  ledger: AuditLedger,
  writer: ArtifactWriter,
  step: { index: number; total: number; name: string; intent?: Record<string, unknown> },
  fn: () => Promise<StageOutcome<T>> | StageOutcome<T>,
): Promise<T> {
  if (ctx.signal?.aborted) throw new Error(`cancelled before stage ${step.name}`);
  ledger.intent(step.name, { step: step.index, ...(step.intent ?? {}) });
  try {
    const out = await fn();
    ledger.outcome(step.name, 'ok', writer.take(), { summary: out.summary, ...(out.detail ?? {}) });
    ctx.progress(`[${step.index}/${step.total}] ${step.name}`, out.summary);
    return out.value;
  } catch (e) {
    const message = relativizeMessage(e instanceof Error ? e.message : String(e), ctx);
    ledger.outcome(step.name, 'failed', writer.take(), { error: message });
    const err = new Error(message);
    err.name = e instanceof Error ? e.name : 'Error';
    throw err;
  }
}
