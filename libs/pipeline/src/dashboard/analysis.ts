import { correlation } from '../numerics';
import { joinOnDate } from '../meta/join';
import type { RunEntry } from './types';

/** Fewer common days than this and a pair's correlation is not shown (null). */
export const MIN_CORRELATION_DAYS = 20;

/**
 * Pairwise Pearson correlation of the sleeves' out-of-sample daily returns. Each pair is joined on date like the
 * meta-portfolio joins its sleeves (`joinOnDate`: returns on days the other sleeve does not have, e.g. crypto
 * weekends, compound into the next common day), so every pair uses all the days both cover. null when a pair
 * shares fewer than MIN_CORRELATION_DAYS days.
 */
export function correlationMatrix(series: { id: string; dates: string[]; returns: number[] }[]): (number | null)[][] {
  const n = series.length;
  const out: (number | null)[][] = series.map(() => new Array<number | null>(n).fill(null));
  for (let i = 0; i < n; i++) {
    out[i][i] = series[i].returns.length >= MIN_CORRELATION_DAYS ? 1 : null;
    for (let j = i + 1; j < n; j++) {
      let c: number | null;
      try {
        const m = joinOnDate([series[i], series[j]], MIN_CORRELATION_DAYS, 'correlation');
        const rows: number[][] = m.dates.map((_, d) => [m.values[d * 2], m.values[d * 2 + 1]]);
        c = correlation(rows)[0][1];
      } catch {
        c = null; // too few common days
      }
      out[i][j] = out[j][i] = c;
    }
  }
  return out;
}

export interface TreeNode {
  /** id of the entry in its parent meta (the profile at the root) */
  id: string;
  profile: string;
  weight: number | null;
  /** pinned to another run id than the dashboard's */
  runId: string;
  children: TreeNode[];
  /** the child is a meta that is already on the path (a cycle): not expanded */
  cycle?: boolean;
}

/**
 * The meta-portfolios' allocations as trees: one root per meta that no other meta of the run lists, each child
 * with its sleeve weight; a child that is itself a meta of the run is expanded (nesting).
 */
export function allocationTrees(entries: RunEntry[]): TreeNode[] {
  const metas = new Map(entries.filter((e) => e.children).map((e) => [e.profile, e]));
  const listed = new Set<string>();
  for (const m of metas.values()) for (const c of m.children!) listed.add(c.profile);
  const expand = (profile: string, id: string, weight: number | null, runId: string, path: string[]): TreeNode => {
    const meta = metas.get(profile);
    const node: TreeNode = { id, profile, weight, runId, children: [] };
    if (!meta) return node;
    if (path.includes(profile)) return { ...node, cycle: true };
    node.children = meta.children!.map((c) => expand(c.profile, c.id, c.weight, c.runId, [...path, profile]));
    return node;
  };
  const roots = [...metas.keys()].filter((p) => !listed.has(p));
  return roots.sort().map((p) => expand(p, p, null, '', []));
}

export interface EntryDelta {
  profile: string;
  status: { now: string; before: string };
  /** now − before of each metric (null when either side lacks it) */
  cagr: number | null;
  sharpe: number | null;
  annualVol: number | null;
  maxDrawdown: number | null;
  avgTurnover: number | null;
  /** assets whose live weight changed by more than WEIGHT_EPS, largest change first */
  weights: { id: string; before: number; now: number }[];
  /** only in one of the runs */
  presence: 'both' | 'new' | 'gone';
}

/** A weight change below this (one basis point) is rounding, not a change. */
export const WEIGHT_EPS = 1e-4;

const diff = (a: number | null | undefined, b: number | null | undefined): number | null =>
  typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? a - b : null;

/** Per-profile differences between this run and another (what changed since last night). Pure. */
export function compareRuns(now: RunEntry[], before: RunEntry[]): EntryDelta[] {
  const b = new Map(before.map((e) => [e.profile, e]));
  const n = new Map(now.map((e) => [e.profile, e]));
  const profiles = [...new Set([...n.keys(), ...b.keys()])].sort();
  return profiles.map((p) => {
    const x = n.get(p);
    const y = b.get(p);
    const presence = x && y && y.status !== 'missing' ? 'both' : x && x.status !== 'missing' ? 'new' : 'gone';
    const ids = [...new Set([...Object.keys(x?.weights ?? {}), ...Object.keys(y?.weights ?? {})])];
    const weights = ids
      .map((id) => ({ id, before: y?.weights[id] ?? 0, now: x?.weights[id] ?? 0 }))
      .filter((w) => Math.abs(w.now - w.before) > WEIGHT_EPS)
      .sort((u, v) => Math.abs(v.now - v.before) - Math.abs(u.now - u.before) || (u.id < v.id ? -1 : 1));
    return {
      profile: p,
      status: { now: x?.status ?? 'missing', before: y?.status ?? 'missing' },
      cagr: diff(x?.metrics?.cagr, y?.metrics?.cagr),
      sharpe: diff(x?.metrics?.sharpe, y?.metrics?.sharpe),
      annualVol: diff(x?.metrics?.annualVol, y?.metrics?.annualVol),
      maxDrawdown: diff(x?.metrics?.maxDrawdown, y?.metrics?.maxDrawdown),
      avgTurnover: diff(x?.avgTurnover, y?.avgTurnover),
      weights,
      presence,
    };
  });
}

/** Points of an equity sparkline: growth of 1, at most `max` points (every k-th and the last). */
export function sparklinePoints(returns: number[], max = 120): number[] {
  const eq: number[] = [];
  let g = 1;
  for (const r of returns) eq.push((g *= 1 + r));
  const k = Math.max(1, Math.ceil(eq.length / max));
  const out: number[] = [];
  for (let i = 0; i < eq.length; i += k) out.push(eq[i]);
  if (eq.length && (eq.length - 1) % k !== 0) out.push(eq[eq.length - 1]);
  return out;
}
