import { listSymbols, type SymbolInfo } from '../lakehouse';
import { loadProfile, resolveUniverse, type SleeveProfile } from '../profile';
import type { ArtifactWriter } from './artifact-writer';
import type { PipelineContext } from './context';
import type { StageOutcome } from './run-stage';

/** Stage 1: load + validate the profile, resolve the universe against the lakehouse, check the benchmark symbol. */
export function resolveProfileStage(ctx: PipelineContext, writer: ArtifactWriter): StageOutcome<{ profile: SleeveProfile; universe: SymbolInfo[] }> {
  const profile = loadProfile({ workspaceRoot: ctx.workspaceRoot, projectRoot: ctx.projectRoot, env: ctx.env });
  const symbols = listSymbols(ctx.lakehouseDir);
  const universe = resolveUniverse(profile, symbols);
  if (profile.backtest.benchmark && !symbols.some((s) => s.id === profile.backtest.benchmark)) {
    throw new Error(
      `backtest.benchmark: unknown symbol ${JSON.stringify(profile.backtest.benchmark)}, expected an id listed in the lakehouse (e.g. ${symbols[0]?.id ?? 'NYSE_SPY'})`,
    );
  }
  writer.writeJson('config/resolved_profile.json', {
    profile,
    runId: ctx.runId,
    universe: universe.map((u) => ({ id: u.id, market: u.market, assetClass: u.assetClass, sector: u.sector })),
  });
  return {
    value: { profile, universe },
    summary: `${profile.name}: ${universe.length} symbols, ${profile.risk.engine}, ${profile.selection.mode} top ${profile.selection.topN}`,
    detail: { profile: profile.name, universe: universe.length },
  };
}
