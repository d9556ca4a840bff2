import { join } from 'node:path';
import { AuditLedger } from './audit';
import { sleeveReportModel } from './report/sleeve-model';
import { writeReports } from './report/write-reports';
import { ArtifactWriter } from './stages/artifact-writer';
import { backtestStage } from './stages/backtest-stage';
import type { PipelineContext } from './stages/context';
import { calendarGroup, healthStage } from './stages/health-stage';
import { resolveProfileStage } from './stages/resolve-profile-stage';
import { returnsStage } from './stages/returns-stage';
import { runStage } from './stages/run-stage';
import { selectionStage } from './stages/selection-stage';

const STAGES = 6;

/**
 * The production pipeline (contracts.md): profile → health → returns → selection → walk-forward
 * backtest → report, every stage audited in `audit.jsonl`. Deterministic: the same profile and data
 * give byte-identical artifacts. Orchestration only: each stage's logic is in `stages/*-stage.ts`.
 */
export async function run(ctx: PipelineContext): Promise<void> {
  const writer = new ArtifactWriter(ctx.artifactsDir);
  const ledger = new AuditLedger(join(ctx.artifactsDir, 'audit.jsonl'));
  const step = (index: number, name: string, intent?: Record<string, unknown>) => ({ index, total: STAGES, name, intent });

  const { profile, universe } = await runStage(ctx, ledger, writer, step(1, 'resolve profile'), () => resolveProfileStage(ctx, writer));
  const infoOf = new Map(universe.map((u) => [u.id, u]));
  // the trading calendar of a symbol: its market, or its exchange when the lakehouse has no catalog entry for it
  const marketOf = (id: string) => calendarGroup(infoOf.get(id));
  const { costBps, slippageBps, executionLag } = profile.backtest;

  const { health, bars, eligibility, inWindow, priceDates, schedule, pit } = await runStage(
    ctx,
    ledger,
    writer,
    step(2, 'health audit', { symbols: universe.length }),
    () => healthStage(ctx, writer, profile, universe, marketOf),
  );
  const matrix = await runStage(ctx, ledger, writer, step(3, 'returns matrix'), () =>
    returnsStage(writer, profile, inWindow, priceDates, marketOf, [...bars.values()]),
  );
  const { selections } = await runStage(ctx, ledger, writer, step(4, 'selection', { mode: profile.selection.mode, topN: profile.selection.topN }), () =>
    selectionStage(writer, profile, matrix, schedule, eligibility),
  );
  const backtest = await runStage(
    ctx,
    ledger,
    writer,
    step(5, 'walk-forward backtest', { engine: profile.risk.engine, costBps, slippageBps, executionLag }),
    () => backtestStage(writer, profile, matrix, selections, schedule, (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market ?? 'unknown'),
  );
  await runStage(ctx, ledger, writer, step(6, 'report'), async () => {
    const { model, extra } = await sleeveReportModel(
      ctx,
      profile,
      matrix,
      backtest,
      { health, pit, universe: [...bars.values()], marketOf },
      (id) => infoOf.get(id)?.sector ?? infoOf.get(id)?.market,
    );
    writeReports(writer, model, extra);
    return { value: undefined, summary: 'reports/tearsheet.html, reports/report.md, reports/metrics.json' };
  });
  ctx.log(`audit: artifacts/audit.jsonl head ${ledger.head}`);
}
