import { META_FILE, NAME_PATTERN, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { toSymbolId } from '../shared/symbols';
import { checks, deepMerge, ensure, isObject, toList, type Json } from './checks';
import { describe, ManifestError, type JsonPath } from './json-path';
import { KNOWN, mapMetaEngine, mapRiskEngine } from './names';
import { chooseUniverse, type LakehouseSymbol } from './universe-hints';
import { META_ALLOCATION_FIELDS, META_ENTRY_FIELDS, SLEEVE_BLOCKS, SLEEVE_SCALARS } from './sleeve-fields';

/**
 * Pure mapping of a Python quant platform's `configs/manifest.json` onto nx-sleeves projects:
 * one sleeve project per sleeve profile, one meta-portfolio project per meta profile. No I/O here:
 * the generator writes `projects` into the tree and prints `unmapped`.
 */

export interface ImportedProject {
  /** project and profile name here (prefix + manifest key) */
  name: string;
  /** key of the profile in the manifest */
  profile: string;
  kind: 'sleeve' | 'meta';
  file: typeof SLEEVE_FILE | typeof META_FILE;
  content: Json;
  /** manifest aliases that resolve to this profile (they get no project of their own) */
  aliases: string[];
}

export interface ManifestMapping {
  projects: ImportedProject[];
  /** per manifest profile (and `(manifest)` for top-level keys): every field that has no counterpart */
  unmapped: Record<string, string[]>;
  /** alias → the profile it resolves to */
  aliases: Record<string, string>;
  /** project name of `default_profile`, if the manifest has one */
  defaultProject?: string;
  /** per manifest profile: choices the import made for it (where its market came from, hints applied) */
  notes: Record<string, string[]>;
}

export interface MapManifestOptions {
  /** shown in errors, e.g. `configs/manifest.json` */
  source?: string;
  /** prepended to every project name (to avoid clashes with existing projects) */
  prefix?: string;
  /** the lakehouse's symbols, when known: markets, benchmark and hints are checked against them */
  symbols?: LakehouseSymbol[];
}

export const MANIFEST_LEVEL = '(manifest)';
const TOP_LEVEL_KNOWN = new Set(['default_profile', 'defaults', 'profiles']);
const META_KEYS = ['sleeves', 'meta_allocation'];

/** JSON.parse with an error naming the file. */
export function parseManifest(text: string, source = 'manifest.json'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: invalid JSON: ${(e as Error).message}`, { cause: e });
  }
}

export function mapManifest(json: unknown, options: MapManifestOptions = {}): ManifestMapping {
  const source = options.source ?? 'manifest.json';
  const prefix = options.prefix ?? '';
  ensure(source, [], json, checks.object);
  const root = json as Json;
  const unmapped: Record<string, string[]> = {};
  const notes: Record<string, string[]> = {};

  const topLevel = Object.keys(root)
    .filter((k) => !TOP_LEVEL_KNOWN.has(k))
    .map((k) => `${k}=${describe(root[k])}`);
  if (topLevel.length) unmapped[MANIFEST_LEVEL] = topLevel;

  const defaults = (root.defaults ?? {}) as Json;
  ensure(source, ['defaults'], defaults, checks.object);
  validateSleeveFields(source, ['defaults'], defaults, true);

  const profiles = root.profiles;
  ensure(source, ['profiles'], profiles, checks.object);
  const entries = Object.entries(profiles as Json);
  if (entries.length === 0) throw new ManifestError(source, ['profiles'], 'expected at least one profile, got {}');

  // 1. classify and validate each profile on its own (so errors name the exact place)
  const kinds = new Map<string, 'sleeve' | 'meta' | 'alias'>();
  for (const [name, value] of entries) {
    const path = ['profiles', name];
    if (!NAME_PATTERN.test(name) || !NAME_PATTERN.test(prefix + name)) {
      throw new ManifestError(source, path, `expected a profile name matching ${NAME_PATTERN.source}, got ${describe(prefix + name)}`);
    }
    if (typeof value === 'string') {
      kinds.set(name, 'alias');
    } else if (isObject(value)) {
      const meta = META_KEYS.some((k) => k in value);
      kinds.set(name, meta ? 'meta' : 'sleeve');
      if (meta) validateMetaFields(source, path, value);
      else validateSleeveFields(source, path, value, false);
    } else {
      throw new ManifestError(source, path, `expected a profile object or the name of another profile, got ${describe(value)}`);
    }
  }

  // 2. aliases: follow each chain to a real profile
  const aliases: Record<string, string> = {};
  const resolve = (name: string, path: JsonPath): string => {
    const seen = [name];
    let current = name;
    while (kinds.get(current) === 'alias') {
      const target = (profiles as Json)[current] as string;
      if (!kinds.has(target)) {
        throw new ManifestError(source, ['profiles', current], `expected the name of another profile, got ${describe(target)}`);
      }
      if (seen.includes(target)) {
        throw new ManifestError(source, ['profiles', name], `alias cycle ${[...seen, target].join(' -> ')}`);
      }
      seen.push(target);
      current = target;
    }
    if (!kinds.has(current)) throw new ManifestError(source, path, `expected the name of a profile, got ${describe(name)}`);
    return current;
  };
  for (const [name, kind] of kinds) if (kind === 'alias') aliases[name] = resolve(name, ['profiles', name]);

  // 3. map every real profile
  const projects: ImportedProject[] = [];
  const metaEdges = new Map<string, { target: string; path: JsonPath }[]>();
  for (const [name, value] of entries) {
    const kind = kinds.get(name);
    if (kind === 'alias') continue;
    const profileUnmapped: string[] = [];
    const own = value as Json;
    const projectAliases = Object.keys(aliases).filter((a) => aliases[a] === name);
    if (kind === 'sleeve') {
      const { meta_allocation: _ignored, ...sleeveDefaults } = defaults;
      const profileNotes: string[] = [];
      const content = mapSleeve(prefix + name, name, deepMerge(sleeveDefaults, own), own, sleeveDefaults, profileUnmapped, profileNotes, options.symbols);
      if (profileNotes.length) notes[name] = profileNotes;
      projects.push({ name: prefix + name, profile: name, kind: 'sleeve', file: SLEEVE_FILE, content, aliases: projectAliases });
    } else {
      const merged = isObject(defaults.meta_allocation) ? deepMerge({ meta_allocation: defaults.meta_allocation }, own) : own;
      const edges: { target: string; path: JsonPath }[] = [];
      const content = mapMeta(source, prefix, name, merged, resolve, kinds, edges, profileUnmapped);
      metaEdges.set(name, edges);
      projects.push({ name: prefix + name, profile: name, kind: 'meta', file: META_FILE, content, aliases: projectAliases });
    }
    if (profileUnmapped.length) unmapped[name] = profileUnmapped;
    projects[projects.length - 1].content.notes = provenance(source, name, projectAliases, profileUnmapped);
  }

  checkMetaCycles(source, metaEdges);

  let defaultProject: string | undefined;
  if (root.default_profile !== undefined) {
    ensure(source, ['default_profile'], root.default_profile, checks.string);
    defaultProject = prefix + resolve(root.default_profile as string, ['default_profile']);
  }
  return { projects, unmapped, aliases, defaultProject, notes };
}

/** `notes` (a field that never changes results): where the profile came from and what was left behind. */
function provenance(source: string, name: string, aliases: string[], unmapped: string[]): string {
  const parts = [`Imported from ${source}, profile ${name}${aliases.length ? ` (aliases: ${aliases.join(', ')})` : ''}.`];
  if (unmapped.length) parts.push(`Not mapped: ${unmapped.join('; ')}.`);
  return parts.join(' ');
}

// ---------------------------------------------------------------- validation (exact paths)

function validateSleeveFields(source: string, path: JsonPath, profile: Json, isDefaults: boolean): void {
  for (const [key, value] of Object.entries(profile)) {
    if (key in SLEEVE_BLOCKS) {
      ensure(source, [...path, key], value, checks.object);
      for (const [field, v] of Object.entries(value as Json)) {
        const spec = SLEEVE_BLOCKS[key][field];
        if (spec) ensure(source, [...path, key, field], v, spec.check);
      }
    } else if (key in SLEEVE_SCALARS) {
      ensure(source, [...path, key], value, SLEEVE_SCALARS[key]);
    } else if (isDefaults && key === 'meta_allocation') {
      validateAllocation(source, [...path, key], value);
    }
  }
}

function validateMetaFields(source: string, path: JsonPath, profile: Json): void {
  if (profile.description !== undefined) ensure(source, [...path, 'description'], profile.description, checks.string);
  const sleeves = profile.sleeves;
  if (!Array.isArray(sleeves) || sleeves.length < 1) {
    // a single sleeve is a valid meta-portfolio (weight 1)
    throw new ManifestError(source, [...path, 'sleeves'], `expected a list of at least 1 {id, profile} or {id, meta_profile} entry, got ${describe(sleeves)}`);
  }
  const ids = new Set<string>();
  sleeves.forEach((entry, i) => {
    const at = [...path, 'sleeves', i];
    ensure(source, at, entry, checks.object);
    const e = entry as Json;
    ensure(source, [...at, 'id'], e.id, checks.name);
    if (ids.has(e.id as string)) throw new ManifestError(source, [...at, 'id'], `expected an id not used by another entry, got ${describe(e.id)}`);
    ids.add(e.id as string);
    if ((e.profile === undefined) === (e.meta_profile === undefined)) {
      throw new ManifestError(source, at, `expected exactly one of "profile" or "meta_profile", got ${describe(e)}`);
    }
    for (const [k, check] of Object.entries(META_ENTRY_FIELDS)) if (!unset(k, e[k])) ensure(source, [...at, k], e[k], check);
  });
  if (profile.meta_allocation !== undefined) validateAllocation(source, [...path, 'meta_allocation'], profile.meta_allocation);
}

/** `"run_id": ""` and `null` mean "not pinned": the meta reads the sleeve's run of its own run id. */
function unset(field: string, v: unknown): boolean {
  return v === undefined || (field === 'run_id' && (v === '' || v === null));
}

function validateAllocation(source: string, path: JsonPath, value: unknown): void {
  ensure(source, path, value, checks.object);
  const a = value as Json;
  for (const [k, check] of Object.entries(META_ALLOCATION_FIELDS)) if (a[k] !== undefined) ensure(source, [...path, k], a[k], check);
  if (typeof a.min_weight === 'number' && typeof a.max_weight === 'number' && a.min_weight > a.max_weight) {
    throw new ManifestError(source, [...path, 'min_weight'], `expected at most max_weight (${a.max_weight}), got ${a.min_weight}`);
  }
}

// ---------------------------------------------------------------- sleeves

function mapSleeve(
  name: string,
  profile: string,
  merged: Json,
  own: Json,
  defaults: Json,
  unmapped: string[],
  notes: string[],
  symbols?: LakehouseSymbol[],
): Json {
  const out: Record<string, Json> = { universe: {}, data: {}, selection: {}, risk: {}, backtest: {} };
  const set = (section: string, field: string, value: unknown) => (out[section][field] = value);
  const skip = new Set([
    'discovery.market',
    'discovery.markets',
    'discovery.enabled_markets',
    'discovery.scanners',
    'discovery.strategies',
    'risk.engine',
    'backtest.profiles',
    'backtest.engines',
    'features.feat_short_direction',
    'features.feat_dynamic_direction',
  ]);

  for (const [key, value] of Object.entries(merged)) {
    if (key === 'description') continue;
    const block = SLEEVE_BLOCKS[key];
    if (!block) {
      unmapped.push(`${key}=${describe(value)}`);
      continue;
    }
    for (const [field, v] of Object.entries(value as Json)) {
      const spec = block[field];
      const where = `${key}.${field}`;
      if (!spec) unmapped.push(`${where}=${describe(v)}`);
      else if (spec.to) set(spec.to[0], spec.to[1], v);
      else if (!skip.has(where)) mapSpecial(where, v, set, unmapped, symbols);
    }
  }
  reportStrategies(merged, unmapped);

  // market and engine: the profile's own choice wins over the defaults' as a whole, because the
  // manifest spreads one choice over two fields (market/markets, risk.engine/backtest.profiles)
  const universe = chooseUniverse(profile, own, defaults, merged, symbols);
  unmapped.push(...universe.unmapped);
  notes.push(...universe.notes);
  if (universe.market !== undefined) set('universe', 'market', universe.market);
  if (universe.assetClasses) set('universe', 'assetClasses', universe.assetClasses);
  if (universe.exchanges) set('universe', 'exchanges', universe.exchanges);

  // direction: a short or long/short profile is never imported as long
  const features = (merged.features ?? {}) as Json;
  if (features.feat_dynamic_direction === true) set('selection', 'direction', 'long_short');
  else if (features.feat_short_direction === true) set('selection', 'direction', 'short');

  const engine = pickFirst(
    candidates(own, defaults, ['risk', 'engine'], ['backtest', 'profiles'], ['backtest', 'engines']),
    mapRiskEngine,
    (c) => `${c.field}=${describe(c.value)}: no such risk engine here (${KNOWN.engines.join(', ')})`,
    (c, chosen) => `${c.field}=${describe(c.value)}: not run (a sleeve runs one risk engine; ${chosen} is used)`,
    unmapped,
  );
  if (engine) set('risk', 'engine', engine);
  else if (hasAny(merged, ['risk', 'engine'], ['backtest', 'profiles'], ['backtest', 'engines'])) {
    unmapped.push('risk.engine: none of the named engines exists here, the workspace default applies');
  }

  const slippage = (merged.backtest as Json | undefined)?.backtest_slippage as number | undefined;
  const commission = (merged.backtest as Json | undefined)?.backtest_commission as number | undefined;
  if (slippage !== undefined || commission !== undefined) {
    // both are fractions of traded value per trade; costBps charges their sum on turnover
    set('backtest', 'costBps', roundTo(((slippage ?? 0) + (commission ?? 0)) * 10_000, 6));
  }

  const content: Json = { name };
  if (typeof merged.description === 'string') content.description = merged.description;
  for (const [section, fields] of Object.entries(out)) if (Object.keys(fields).length) content[section] = fields;
  return content;
}

/** Per-strategy settings under `discovery.strategies` other than scanners have no counterpart: reported. */
function reportStrategies(merged: Json, unmapped: string[]): void {
  const strategies = ((merged.discovery ?? {}) as Json).strategies as Json | undefined;
  for (const [name, st] of Object.entries(strategies ?? {})) {
    if (!st || typeof st !== 'object') continue;
    for (const [k, v] of Object.entries(st as Json)) if (k !== 'scanners') unmapped.push(`discovery.strategies.${name}.${k}=${describe(v)}`);
  }
}

function mapSpecial(where: string, v: unknown, set: (s: string, f: string, v: unknown) => void, unmapped: string[], symbols?: LakehouseSymbol[]): void {
  switch (where) {
    case 'discovery.symbols':
      set(
        'universe',
        'symbols',
        toList(v).map((s) => toSymbolId(s) as string),
      );
      break;
    case 'discovery.exchanges':
      set('universe', 'exchanges', toList(v));
      break;
    case 'discovery.sectors':
      set('universe', 'sectors', toList(v));
      break;
    case 'selection.mode': {
      const mode = String(v).trim().toLowerCase();
      if (mode === 'momentum' || mode === 'sharpe') set('selection', 'mode', mode);
      else unmapped.push(`selection.mode=${describe(v)}: no such selection mode here (momentum, sharpe)`);
      break;
    }
    case 'backtest.benchmark_symbols': {
      // the first that is in the lakehouse (when its symbols are known): the pipeline fails on an unknown benchmark
      const all = toList(v);
      const inLakehouse = (s: string) => !symbols || symbols.some((x) => x.id === toSymbolId(s));
      const chosen = all.find(inLakehouse);
      if (chosen) set('backtest', 'benchmark', toSymbolId(chosen));
      for (const r of all) {
        if (r === chosen) continue;
        if (!inLakehouse(r)) unmapped.push(`backtest.benchmark_symbols=${describe(r)}: not in the lakehouse`);
        else unmapped.push(`backtest.benchmark_symbols=${describe(r)}: not used (one benchmark per sleeve; ${toSymbolId(chosen)} is used)`);
      }
      break;
    }
    // slippage and commission are combined after the loop
  }
}

interface Candidate {
  value: string;
  field: string;
  many: boolean;
}

/**
 * The candidate names for one choice: the profile's own first; the defaults' only when none of the
 * profile's own names exists here (a profile naming an engine replaces the defaults' choice).
 */
function candidates(own: Json, defaults: Json, single: [string, string], ...lists: [string, string][]): Candidate[][] {
  const from = (p: Json): Candidate[] => {
    const one = (p[single[0]] as Json | undefined)?.[single[1]];
    return [
      ...(typeof one === 'string' ? [{ value: one, field: single.join('.'), many: false }] : []),
      ...lists.flatMap((list) => toList((p[list[0]] as Json | undefined)?.[list[1]]).map((value) => ({ value, field: list.join('.'), many: true }))),
    ];
  };
  return [from(own), from(defaults)].filter((l) => l.length > 0);
}

function pickFirst<T>(
  levels: Candidate[][],
  map: (name: string) => T | undefined,
  missing: (c: Candidate) => string,
  dropped: (c: Candidate, chosen: T) => string,
  unmapped: string[],
): T | undefined {
  for (const list of levels) {
    let chosen: T | undefined;
    for (const c of list) {
      const mapped = map(c.value);
      if (mapped === undefined) unmapped.push(missing(c));
      else if (chosen === undefined) chosen = mapped;
      else if (mapped !== chosen) unmapped.push(dropped(c, chosen));
    }
    if (chosen !== undefined) return chosen;
  }
  return undefined;
}

function hasAny(p: Json, ...paths: [string, string][]): boolean {
  return paths.some(([a, b]) => (p[a] as Json | undefined)?.[b] !== undefined);
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------- meta-portfolios

function mapMeta(
  source: string,
  prefix: string,
  name: string,
  merged: Json,
  resolve: (name: string, path: JsonPath) => string,
  kinds: Map<string, string>,
  edges: { target: string; path: JsonPath }[],
  unmapped: string[],
): Json {
  const content: Json = { name: prefix + name };
  if (typeof merged.description === 'string') content.description = merged.description;
  for (const key of Object.keys(merged)) {
    if (!['description', 'sleeves', 'meta_allocation'].includes(key)) unmapped.push(`${key}=${describe(merged[key])}`);
  }

  const sleeves = (merged.sleeves as Json[]).map((e, i) => {
    const field = e.meta_profile !== undefined ? 'meta_profile' : 'profile';
    const path: JsonPath = ['profiles', name, 'sleeves', i, field];
    const target = resolve(e[field] as string, path);
    if (field === 'meta_profile' && kinds.get(target) !== 'meta') {
      throw new ManifestError(source, path, `expected the name of a meta profile, got ${describe(e[field])} (a sleeve profile)`);
    }
    if (kinds.get(target) === 'meta') edges.push({ target, path });
    for (const k of Object.keys(e)) if (!(k in META_ENTRY_FIELDS)) unmapped.push(`sleeves[${i}].${k}=${describe(e[k])}`);
    return { id: e.id, project: prefix + target, ...(!unset('run_id', e.run_id) ? { runId: e.run_id } : {}) };
  });
  content.sleeves = sleeves;

  const a = (merged.meta_allocation ?? {}) as Json;
  const allocation: Json = {};
  const engine = [a.engine, a.profile].filter((x): x is string => typeof x === 'string');
  const chosen = engine.map(mapMetaEngine).find(Boolean);
  if (chosen) allocation.engine = chosen;
  for (const field of ['engine', 'profile'] as const) {
    const v = a[field];
    if (typeof v !== 'string') continue;
    const mapped = mapMetaEngine(v);
    if (!mapped) unmapped.push(`meta_allocation.${field}=${describe(v)}: no such meta-portfolio engine here (${KNOWN.metaEngines.join(', ')})`);
    else if (mapped !== chosen) unmapped.push(`meta_allocation.${field}=${describe(v)}: not used (${chosen} is used)`);
  }
  if (!chosen && engine.length) unmapped.push('meta_allocation.engine: none of the named engines exists here, the default applies');
  if (a.min_weight !== undefined) allocation.minWeight = a.min_weight;
  if (a.max_weight !== undefined) allocation.maxWeight = a.max_weight;
  const n = sleeves.length;
  if (typeof a.min_weight === 'number' && a.min_weight * n > 1 + 1e-12) {
    throw new ManifestError(
      source,
      ['profiles', name, 'meta_allocation', 'min_weight'],
      `expected at most 1/${n} (there are ${n} sleeves), got ${a.min_weight}`,
    );
  }
  if (typeof a.max_weight === 'number' && a.max_weight * n < 1 - 1e-12) {
    throw new ManifestError(
      source,
      ['profiles', name, 'meta_allocation', 'max_weight'],
      `expected at least 1/${n} (there are ${n} sleeves), got ${a.max_weight}`,
    );
  }
  for (const k of Object.keys(a)) if (!(k in META_ALLOCATION_FIELDS)) unmapped.push(`meta_allocation.${k}=${describe(a[k])}`);
  content.allocation = allocation; // required by meta-portfolio.schema.json, even when empty (defaults apply)
  return content;
}

function checkMetaCycles(source: string, edges: Map<string, { target: string; path: JsonPath }[]>): void {
  const done = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    if (done.has(node)) return;
    for (const { target, path } of edges.get(node) ?? []) {
      if (target === node || stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target) === -1 ? stack.length : stack.indexOf(target)), node, target];
        throw new ManifestError(source, path, `meta-portfolio cycle ${cycle.join(' -> ')}`);
      }
      visit(target, [...stack, node]);
    }
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
}
