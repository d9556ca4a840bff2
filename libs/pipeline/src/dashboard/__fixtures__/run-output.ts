import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sha256 } from '../../audit';

/** Business days from 2021-01-04 (weekdays only) or every calendar day. */
export function days(n: number, calendar = false): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2021, 0, 4); out.length < n; t += 86_400_000) {
    const d = new Date(t);
    if (!calendar && (d.getUTCDay() === 0 || d.getUTCDay() === 6)) continue;
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export interface OutputSpec {
  status?: string;
  error?: string;
  dates?: string[];
  returns?: number[];
  weights?: Record<string, number>;
  avgTurnover?: number;
  log?: string;
  /** meta: its inputs and sleeve weights */
  meta?: { inputs: { id: string; profile: string; runId: string }[]; sleeveWeights: Record<string, number> };
  tearsheet?: boolean;
}

/** Writes `<root>/dist/sleeves/<profile>/<runId>/` like the engine: artifacts.zip, result.json, tearsheet.html. */
export function writeOutput(root: string, profile: string, runId: string, o: OutputSpec): string {
  const dir = join(root, 'dist/sleeves', profile, runId);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Uint8Array> = { 'logs/sleeve.log': strToU8(o.log ?? `[1/6] resolve profile\n[2/6] health audit\n`) };
  if ((o.status ?? 'success') === 'success') {
    const dates = o.dates ?? days(60);
    const returns = o.returns ?? dates.map((_, i) => 0.001 * Math.sin(i));
    files['artifacts/data/oos_returns.csv'] = strToU8(['date,return', ...dates.map((d, i) => `${d},${returns[i].toFixed(10)}`)].join('\n') + '\n');
    files['artifacts/data/weights.json'] = strToU8(JSON.stringify(o.weights ?? { X_A: 0.5, X_B: 0.5 }));
    files['artifacts/reports/metrics.json'] = strToU8(JSON.stringify({ rebalancing: { avgTurnover: o.avgTurnover ?? 0.1, count: 3, totalCost: 0 } }));
    if (o.meta) {
      files['artifacts/config/resolved_meta.json'] = strToU8(JSON.stringify({ inputs: o.meta.inputs }));
      files['artifacts/data/sleeve_weights.json'] = strToU8(JSON.stringify(o.meta.sleeveWeights));
    }
  }
  const zip = zipSync(files, { mtime: new Date('1980-01-01T00:00:00Z') });
  writeFileSync(join(dir, 'artifacts.zip'), zip);
  if (o.tearsheet ?? true) writeFileSync(join(dir, 'tearsheet.html'), `<html><body>${profile}</body></html>`);
  writeFileSync(
    join(dir, 'result.json'),
    JSON.stringify({
      profile,
      runId,
      status: o.status ?? 'success',
      error: o.error,
      attempts: 1,
      durationMs: 1500,
      peakRssMb: 90,
      zip: { file: 'artifacts.zip', sha256: sha256(zip), bytes: zip.length },
    }),
  );
  return dir;
}
