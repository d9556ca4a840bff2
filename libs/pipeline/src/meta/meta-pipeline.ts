import { join } from 'node:path';
import { META_FILE } from '@nx-sleeves/contracts';
import { AuditLedger } from '../audit';
import { loadMetaProfile } from '../profile';
import { performanceMetrics, type ReportModel } from '../report';
import { writeReports } from '../report/write-reports';
import { cell, round } from '../report/format';
import { ArtifactWriter } from '../stages/artifact-writer';
import { type PipelineContext, relativizeMessage } from '../stages/context';
import { oosReturnsCsv, weightsRecord } from '../stages/outputs';
import { runStage } from '../stages/run-stage';
import { allocateSleeves, flattenWeights, META_MIN_TRAIN, META_STEP, metaTrainWindow, type MetaAllocationParams } from './allocate';
import { describeGateFailures, loadSleeveInputs, parseSleeveInputs } from './inputs';
import { joinOnDate } from './join';
import { weightsHistoryOf } from '../report/weights-history';

const STAGES = 4;

/**
 * The meta-portfolio pipeline: strict gate on its sleeves' exact outputs → join their out-of-sample
 * returns on date → walk-forward allocation across sleeves (each sleeve one cluster) → reports.
 * Its own `data/oos_returns.csv` and `data/weights.json` have the same shape as a sleeve's, so a
 * meta-portfolio can be a sleeve of another.
 */
export async function run(ctx: PipelineContext): Promise<void> {
  let meta: ReturnType<typeof loadMetaProfile>;
  let inputs: ReturnType<typeof parseSleeveInputs>;
  try {
    meta = loadMetaProfile(join(ctx.projectRoot, META_FILE));
    inputs = parseSleeveInputs(ctx.options ?? {});
  } catch (e) {
    throw new Error(relativizeMessage((e as Error).message, ctx), { cause: e });
  }
  // The gate runs before anything is written: a failed sleeve leaves no partial meta-portfolio.
  const { loaded, failures } = loadSleeveInputs(ctx.workspaceRoot, inputs);
  if (failures.length > 0) {
    for (const f of failures) ctx.log(`sleeve ${f.id}: ${f.reason}`);
    throw new Error(describeGateFailures(inputs.length, failures));
  }
  // the meta's own trading costs: backtest.costBps, or else each sleeve's rate read from its zip
  const explicitCost = meta.backtest?.costBps;
  if (explicitCost === undefined) {
    const unknown = loaded.filter((l) => l.costBps === undefined);
    if (unknown.length) {
      const failed = unknown.map((l) => ({
        id: l.input.id,
        reason: `no cost rate in its artifacts.zip (config/resolved_profile.json or config/resolved_meta.json); set backtest.costBps in ${meta.name}'s meta-portfolio.json`,
      }));
      for (const f of failed) ctx.log(`sleeve ${f.id}: ${f.reason}`);
      throw new Error(describeGateFailures(inputs.length, failed));
    }
  }
  const sleeveRates = loaded.map((l) => l.costBps ?? 0);
  const costRates: number | number[] = explicitCost ?? sleeveRates;
  const writer = new ArtifactWriter(ctx.artifactsDir);
  const ledger = new AuditLedger(join(ctx.artifactsDir, 'audit.jsonl'));
  const step = (index: number, name: string, intent?: Record<string, unknown>) => ({ index, total: STAGES, name, intent });
  const allocation = meta.allocation as MetaAllocationParams;

  await runStage(ctx, ledger, writer, step(1, 'sleeve gate', { sleeves: inputs.map((i) => i.id) }), () => {
    writer.writeJson('config/resolved_meta.json', {
      meta,
      runId: ctx.runId,
      costs: { costBps: explicitCost ?? null, sleeves: Object.fromEntries(loaded.map((l, a) => [l.input.id, sleeveRates[a]])) },
      inputs: loaded.map((l) => ({ ...l.input, zipSha256: l.zipSha256, oosDays: l.dates.length })),
    });
    return {
      value: undefined,
      summary: `${loaded.length}/${inputs.length} sleeves succeeded`,
      detail: { inputs: loaded.map((l) => ({ id: l.input.id, zipSha256: l.zipSha256 })) },
    };
  });

  const joined = await runStage(ctx, ledger, writer, step(2, 'join returns'), () => {
    const joined = joinOnDate(
      loaded.map((l) => ({ id: l.input.id, dates: l.dates, returns: l.returns })),
      2 * META_MIN_TRAIN + META_STEP,
      meta.name,
    );
    const lines = [['date', ...joined.ids].join(',')];
    const n = joined.ids.length;
    joined.dates.forEach((d, i) => lines.push([d, ...joined.ids.map((_, a) => cell(joined.values[i * n + a]))].join(',')));
    writer.write('data/joined_returns.csv', lines.join('\n') + '\n');
    return {
      value: joined,
      summary: `${joined.dates.length} common days (${joined.dates[0]} → ${joined.dates[joined.dates.length - 1]})`,
      detail: { days: joined.dates.length },
    };
  });

  const bt = await runStage(
    ctx,
    ledger,
    writer,
    step(3, 'allocate', { engine: allocation.engine, minWeight: allocation.minWeight, maxWeight: allocation.maxWeight }),
    () => {
      const bt = allocateSleeves(joined, allocation, costRates);
      const n = joined.ids.length;
      const hist = [['date', 'live', 'turnover', 'cost', ...joined.ids].join(',')];
      for (const r of bt.rebalances)
        hist.push([r.asOf, r.live ? '1' : '0', cell(r.turnover, 8), cell(r.cost, 8), ...joined.ids.map((_, a) => cell(r.weights[a], 8))].join(','));
      writer.write('data/sleeve_weights_history.csv', hist.join('\n') + '\n');
      const live = bt.rebalances[bt.rebalances.length - 1].weights;
      writer.writeJson('data/sleeve_weights.json', weightsRecord(joined.ids, live));
      const assets = flattenWeights(
        Array.from(live),
        loaded.map((l) => l.weights),
      );
      writer.writeJson('data/weights.json', weightsRecord(Object.keys(assets), Object.values(assets)));
      writer.write('data/oos_returns.csv', oosReturnsCsv(bt.dates, bt.returns));
      void n;
      return {
        value: bt,
        summary: `${allocation.engine} over ${n} sleeves, train ${metaTrainWindow(joined.dates.length)} days: ${joined.ids.map((id, a) => `${id} ${(live[a] * 100).toFixed(1)}%`).join(', ')}`,
      };
    },
  );

  await runStage(ctx, ledger, writer, step(4, 'report'), () => {
    const live = bt.rebalances[bt.rebalances.length - 1].weights;
    const assets = flattenWeights(
      Array.from(live),
      loaded.map((l) => l.weights),
    );
    const traded = bt.rebalances.filter((r) => !r.live);
    const model: ReportModel = {
      kind: 'meta-portfolio',
      title: meta.name,
      description: meta.description,
      runId: ctx.runId,
      dates: bt.dates,
      returns: bt.returns,
      metrics: performanceMetrics(bt.dates, bt.returns),
      weights: weightsRecord(Object.keys(assets), Object.values(assets)),
      allocation: loaded.map((l, a) => ({
        id: l.input.id,
        project: l.input.project,
        weight: live[a],
        sharpe: performanceMetrics(l.dates, l.returns).sharpe,
      })),
      weightsHistory: weightsHistoryOf(joined.ids, traded),
      rebalancing: {
        count: traded.length,
        avgTurnover: traded.reduce((s, r) => s + r.turnover, 0) / Math.max(1, traded.length),
        totalCost: traded.reduce((s, r) => s + r.cost, 0),
      },
      facts: [
        ['Sleeves', loaded.map((l) => l.input.id).join(', ')],
        ['Allocation', `${allocation.engine}, weights in [${allocation.minWeight}, ${allocation.maxWeight}]`],
        ['Walk-forward', `train ${metaTrainWindow(joined.dates.length)}, rebalance every ${META_STEP} common days`],
        ['Joined history', `${joined.dates.length} common days`],
        [
          'Costs',
          explicitCost !== undefined
            ? `${explicitCost} bps on sleeve turnover`
            : `each sleeve's own rate on its turnover (${loaded.map((l, a) => `${l.input.id} ${sleeveRates[a]}`).join(', ')} bps)`,
        ],
      ],
      notes: [],
    };
    writeReports(writer, model);
    return {
      value: undefined,
      summary: 'reports/tearsheet.html, reports/report.md, reports/metrics.json',
      detail: { sharpe: round(model.metrics.sharpe ?? NaN, 6) },
    };
  });
  ctx.log(`audit: artifacts/audit.jsonl head ${ledger.head}`);
}
