import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { isValidName, NAME_PATTERN, RESULT_FILE, ZIP_ENTRIES, ZIP_FILE, type ResultJson, type SleeveInput } from '@nx-sleeves/contracts';
import { sha256 } from '../audit';

/** One entry of `context.options.sleeveInputs` (contracts.md), resolved by the executor. */
export type { SleeveInput };

export interface LoadedSleeve {
  input: SleeveInput;
  dates: string[];
  returns: number[];
  weights: Record<string, number>;
  zipSha256: string;
  /**
   * The sleeve's trading cost rate in bps of traded notional, from its zip: a sleeve's
   * backtest.costBps + backtest.slippageBps (config/resolved_profile.json); a meta-portfolio's
   * backtest.costBps, or else its sleeves' rates weighted by its live sleeve weights
   * (config/resolved_meta.json + data/sleeve_weights.json). Undefined when the zip does not say.
   */
  costBps?: number;
}

export interface SleeveFailure {
  id: string;
  reason: string;
}

/** Validates `options.sleeveInputs`; throws one line naming the entry, field, value and expectation. */
export function parseSleeveInputs(options: Record<string, unknown>): SleeveInput[] {
  const raw = options.sleeveInputs;
  if (!Array.isArray(raw))
    throw new Error(`options.sleeveInputs: expected an array of { id, project, profile, runId, outputPath }, got ${JSON.stringify(raw) ?? 'undefined'}`);
  const seen = new Set<string>();
  return raw.map((e, i) => {
    const where = `options.sleeveInputs[${i}]`;
    if (!e || typeof e !== 'object') throw new Error(`${where}: expected an object, got ${JSON.stringify(e)}`);
    const o = e as Record<string, unknown>;
    for (const f of ['id', 'project', 'profile', 'runId', 'outputPath']) {
      if (typeof o[f] !== 'string' || (o[f] as string).length === 0) throw new Error(`${where}.${f}: expected a non-empty string, got ${JSON.stringify(o[f])}`);
    }
    for (const f of ['id', 'profile', 'runId']) {
      if (!isValidName(o[f])) throw new Error(`${where}.${f}: expected a name matching ${NAME_PATTERN.source}, got ${JSON.stringify(o[f])}`);
    }
    const out = o.outputPath as string;
    const norm = normalize(out);
    if (isAbsolute(out) || norm === '..' || norm.startsWith(`..${sep}`) || out.includes('\0')) {
      throw new Error(`${where}.outputPath: expected a path relative to the workspace root inside it, got ${JSON.stringify(out)}`);
    }
    if (seen.has(o.id as string)) throw new Error(`${where}.id: duplicate sleeve id ${JSON.stringify(o.id)}`);
    seen.add(o.id as string);
    return { id: o.id, project: o.project, profile: o.profile, runId: o.runId, outputPath: out } as SleeveInput;
  });
}

export function parseOosCsv(text: string, where: string): { dates: string[]; returns: number[] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0]?.trim() !== 'date,return') throw new Error(`${where}: expected header "date,return", got ${JSON.stringify(lines[0] ?? '')}`);
  const dates: string[] = [];
  const returns: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [d, r] = lines[i].split(',');
    const x = Number(r);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || r === undefined || r.trim() === '' || !Number.isFinite(x)) {
      throw new Error(`${where} line ${i + 1}: expected YYYY-MM-DD,<number>, got ${JSON.stringify(lines[i])}`);
    }
    if (dates.length && d <= dates[dates.length - 1]) throw new Error(`${where} line ${i + 1}: date ${d} is not after ${dates[dates.length - 1]}`);
    dates.push(d);
    returns.push(x);
  }
  return { dates, returns };
}

/**
 * Reads exactly the declared outputs of each sleeve run (`<outputPath>/result.json` and
 * `artifacts.zip`), never searching for other runs. Collects every problem instead of stopping at
 * the first, so the gate can list all failed sleeves at once.
 */
export function loadSleeveInputs(workspaceRoot: string, inputs: SleeveInput[]): { loaded: LoadedSleeve[]; failures: SleeveFailure[] } {
  const loaded: LoadedSleeve[] = [];
  const failures: SleeveFailure[] = [];
  for (const input of inputs) {
    const rel = input.outputPath
      .split(/[\\/]+/)
      .filter(Boolean)
      .join('/');
    const dir = join(workspaceRoot, ...rel.split('/'));
    const resultFile = join(dir, RESULT_FILE);
    const fail = (reason: string) => failures.push({ id: input.id, reason });
    if (!existsSync(resultFile)) {
      fail(`no result at ${rel}/${RESULT_FILE} (run ${input.runId} of ${input.project} has not produced output)`);
      continue;
    }
    let result: Partial<ResultJson>;
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch (e) {
      fail(`${rel}/${RESULT_FILE} is not valid JSON (${(e as Error).message})`);
      continue;
    }
    if (result.status !== 'success') {
      fail(`${result.status ?? 'unknown status'}: ${result.error ?? 'no error message'}`);
      continue;
    }
    if (result.runId !== undefined && result.runId !== input.runId) {
      fail(`${rel}/${RESULT_FILE} has runId ${JSON.stringify(result.runId)}, expected ${JSON.stringify(input.runId)}`);
      continue;
    }
    const zipFile = join(dir, ZIP_FILE);
    if (!existsSync(zipFile)) {
      fail(`${rel}/${ZIP_FILE} not found`);
      continue;
    }
    const bytes = readFileSync(zipFile);
    const digest = sha256(bytes);
    if (result.zip?.sha256 && result.zip.sha256 !== digest) {
      fail(`${rel}/${ZIP_FILE} has sha256 ${digest}, ${RESULT_FILE} says ${result.zip.sha256}`);
      continue;
    }
    try {
      const entries = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        filter: (f) => COST_FILES.includes(f.name) || f.name === ZIP_ENTRIES.oosReturns || f.name === ZIP_ENTRIES.weights,
      });
      const oos = entries[ZIP_ENTRIES.oosReturns];
      const w = entries[ZIP_ENTRIES.weights];
      if (!oos) throw new Error(`${rel}/${ZIP_FILE} has no ${ZIP_ENTRIES.oosReturns}`);
      if (!w) throw new Error(`${rel}/${ZIP_FILE} has no ${ZIP_ENTRIES.weights}`);
      const { dates, returns } = parseOosCsv(Buffer.from(oos).toString('utf8'), `${rel}/${ZIP_FILE}:${ZIP_ENTRIES.oosReturns}`);
      const weights = JSON.parse(Buffer.from(w).toString('utf8')) as Record<string, number>;
      for (const [k, v] of Object.entries(weights)) {
        // negative = short (a short or long_short sleeve); the meta flattens them like long weights
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new Error(`${rel}/${ZIP_FILE}:${ZIP_ENTRIES.weights}: ${k}: expected a finite weight (negative = short), got ${JSON.stringify(v)}`);
      }
      loaded.push({ input, dates, returns, weights, zipSha256: digest, costBps: costRateOf(entries) });
    } catch (e) {
      fail((e as Error).message);
    }
  }
  return { loaded, failures };
}

const COST_FILES = ['artifacts/config/resolved_profile.json', 'artifacts/config/resolved_meta.json', 'artifacts/data/sleeve_weights.json'];

function costRateOf(entries: Record<string, Uint8Array>): number | undefined {
  const json = (name: string): Record<string, unknown> | undefined => {
    const bytes = entries[name];
    if (!bytes) return undefined;
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      return undefined;
    }
  };
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined);
  const sleeve = json('artifacts/config/resolved_profile.json') as { profile?: { backtest?: { costBps?: unknown; slippageBps?: unknown } } } | undefined;
  if (sleeve?.profile?.backtest) {
    const c = num(sleeve.profile.backtest.costBps);
    return c === undefined ? undefined : c + (num(sleeve.profile.backtest.slippageBps) ?? 0);
  }
  const meta = json('artifacts/config/resolved_meta.json') as { costs?: { costBps?: unknown; sleeves?: Record<string, unknown> } } | undefined;
  if (!meta?.costs) return undefined;
  const explicit = num(meta.costs.costBps);
  if (explicit !== undefined) return explicit;
  const live = json('artifacts/data/sleeve_weights.json') as Record<string, unknown> | undefined;
  if (!live || !meta.costs.sleeves) return undefined;
  let rate = 0;
  for (const [id, w] of Object.entries(live)) {
    const r = num(meta.costs.sleeves[id]);
    if (r === undefined || typeof w !== 'number') return undefined;
    rate += w * r;
  }
  return Math.round(rate * 1e10) / 1e10;
}

/** The gate's one-line error: every failed sleeve with its reason. */
export function describeGateFailures(total: number, failures: SleeveFailure[]): string {
  return `meta-portfolio gate: ${failures.length} of ${total} sleeves not usable, nothing written: ${failures.map((f) => `${f.id} (${f.reason})`).join('; ')}`;
}
