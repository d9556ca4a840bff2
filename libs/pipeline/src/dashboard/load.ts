import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { assertName, DASHBOARD_DIR, isValidName, RESULT_FILE, TEARSHEET_FILE, ZIP_ENTRIES, ZIP_FILE, type ResultJson } from '@nx-sleeves/contracts';
import { sha256 } from '../audit';
import { parseOosCsv } from '../meta/inputs';
import { performanceMetrics } from '../report/metrics';
import type { RunData, RunEntry } from './types';

export { DASHBOARD_DIR };
export const LOG_TAIL_LINES = 20;

/** The dashboard page of a run: `<outputsRoot>/_runs/<runId>/index.html` (workspace-relative). */
export function dashboardPath(outputsRoot: string, runId: string): string {
  return `${outputsRoot}/${DASHBOARD_DIR}/${runId}/index.html`;
}

/** Profiles with an output folder for `runId` under `<root>/<outputsRoot>`, sorted (used when no list is given). */
export function profilesOnDisk(root: string, outputsRoot: string, runId: string): string[] {
  const base = join(root, outputsRoot);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((p) => p !== DASHBOARD_DIR && isValidName(p) && existsSync(join(base, p, runId, RESULT_FILE)))
    .sort();
}

function text(files: Record<string, Uint8Array>, name: string): string | undefined {
  const f = files[name];
  return f ? Buffer.from(f).toString('utf8') : undefined;
}

/**
 * Reads one output folder. Never throws for a broken folder: the problem becomes the entry's error, so one bad
 * sleeve does not hide the others.
 */
export function loadEntry(root: string, outputsRoot: string, profile: string, runId: string): RunEntry {
  const rel = `${outputsRoot}/${profile}/${runId}`;
  const dir = join(root, rel);
  const entry: RunEntry = { profile, kind: 'sleeve', status: 'missing', dates: [], returns: [], avgTurnover: null, weights: {}, logTail: [] };
  const resultFile = join(dir, RESULT_FILE);
  if (!existsSync(resultFile)) {
    entry.error = `no result at ${rel}/${RESULT_FILE} (not run with run id ${runId})`;
    return entry;
  }
  let result: Partial<ResultJson>;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch (e) {
    entry.status = 'invalid';
    entry.error = `${rel}/${RESULT_FILE} is not valid JSON (${(e as Error).message})`;
    return entry;
  }
  entry.status = String(result.status ?? 'unknown');
  if (result.error) entry.error = String(result.error).split('\n')[0];
  if (typeof result.durationMs === 'number') entry.durationMs = result.durationMs;
  if (typeof result.peakRssMb === 'number') entry.peakRssMb = result.peakRssMb;
  if (existsSync(join(dir, TEARSHEET_FILE))) entry.tearsheetHref = `../../${profile}/${runId}/${TEARSHEET_FILE}`;
  const zipFile = join(dir, ZIP_FILE);
  if (!existsSync(zipFile)) {
    if (entry.status === 'success') entry.error = `${rel}/${ZIP_FILE} not found`;
    return entry;
  }
  const bytes = readFileSync(zipFile);
  if (result.zip?.sha256 && result.zip.sha256 !== sha256(bytes)) {
    entry.status = 'invalid';
    entry.error = `${rel}/${ZIP_FILE} does not match the sha256 in ${RESULT_FILE}`;
    return entry;
  }
  let files: Record<string, Uint8Array>;
  try {
    const wanted = new Set([
      ZIP_ENTRIES.oosReturns,
      ZIP_ENTRIES.weights,
      'artifacts/reports/metrics.json',
      'artifacts/config/resolved_meta.json',
      'artifacts/data/sleeve_weights.json',
      ZIP_ENTRIES.log,
    ]);
    files = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { filter: (f) => wanted.has(f.name) });
  } catch (e) {
    entry.status = 'invalid';
    entry.error = `${rel}/${ZIP_FILE} cannot be read (${(e as Error).message})`;
    return entry;
  }
  const log = text(files, ZIP_ENTRIES.log);
  if (log !== undefined) entry.logTail = log.replace(/\n+$/, '').split('\n').slice(-LOG_TAIL_LINES);
  const meta = text(files, 'artifacts/config/resolved_meta.json');
  if (meta !== undefined) entry.kind = 'meta-portfolio';
  if (entry.status !== 'success') return entry;
  try {
    const oos = text(files, ZIP_ENTRIES.oosReturns);
    if (oos !== undefined) {
      const { dates, returns } = parseOosCsv(oos, `${rel}/${ZIP_FILE}:${ZIP_ENTRIES.oosReturns}`);
      entry.dates = dates;
      entry.returns = returns;
      entry.metrics = performanceMetrics(dates, returns);
    }
    const w = text(files, ZIP_ENTRIES.weights);
    if (w !== undefined) entry.weights = JSON.parse(w) as Record<string, number>;
    const m = text(files, 'artifacts/reports/metrics.json');
    if (m !== undefined) {
      const t = (JSON.parse(m) as { rebalancing?: { avgTurnover?: unknown } }).rebalancing?.avgTurnover;
      if (typeof t === 'number') entry.avgTurnover = t;
    }
    if (meta !== undefined) {
      const inputs = (JSON.parse(meta) as { inputs?: { id: string; profile: string; runId: string }[] }).inputs ?? [];
      const sw = text(files, 'artifacts/data/sleeve_weights.json');
      const weights = sw ? (JSON.parse(sw) as Record<string, number>) : {};
      entry.children = inputs.map((i) => ({ id: i.id, profile: i.profile, runId: i.runId, weight: typeof weights[i.id] === 'number' ? weights[i.id] : null }));
    }
  } catch (e) {
    entry.status = 'invalid';
    entry.error = (e as Error).message.split('\n')[0];
  }
  return entry;
}

/**
 * Everything the dashboard shows of one run, read only from the output folders on disk (so a run restored from
 * the Nx cache renders like a computed one). `profiles` lists what the run should contain (the workspace's
 * sleeves and metas); without it, every profile with a folder for the run id.
 */
export function loadRun(root: string, outputsRoot: string, runId: string, profiles?: string[]): RunData {
  assertName('runId', runId);
  const list = [...new Set(profiles ?? profilesOnDisk(root, outputsRoot, runId))].sort();
  for (const p of list) assertName('profile', p);
  return { runId, entries: list.map((p) => loadEntry(root, outputsRoot, p, runId)) };
}
