import { canonicalize } from '../audit';
import type { ArtifactWriter } from '../stages/artifact-writer';
import { round } from './format';
import { renderMarkdown } from './markdown';
import type { ReportModel } from './model';
import { renderTearsheet } from './tearsheet';

/** metrics.json, report.md and tearsheet.html from one report model (shared with the meta pipeline). */
export function writeReports(writer: ArtifactWriter, model: ReportModel, extra: Record<string, unknown> = {}): void {
  writer.writeJson(
    'reports/metrics.json',
    canonicalize({
      kind: model.kind,
      name: model.title,
      runId: model.runId,
      strategy: model.metrics,
      benchmark: model.benchmark ? { id: model.benchmark.id, ...model.benchmark.metrics } : undefined,
      rebalancing: {
        count: model.rebalancing.count,
        avgTurnover: round(model.rebalancing.avgTurnover),
        totalCost: round(model.rebalancing.totalCost),
      },
      holdings: Object.keys(model.weights).length,
      exposure: liveExposure(model.weights),
      ...extra,
    }),
  );
  writer.write('reports/report.md', renderMarkdown(model));
  writer.write('reports/tearsheet.html', renderTearsheet(model));
}

/** Long, short (≤ 0), net and gross exposure of a weights record. */
export function liveExposure(weights: Record<string, number>): { long: number | null; short: number | null; net: number | null; gross: number | null } {
  let long = 0;
  let short = 0;
  for (const w of Object.values(weights))
    if (w > 0) long += w;
    else short += w;
  return { long: round(long), short: round(short), net: round(long + short), gross: round(long - short) };
}
