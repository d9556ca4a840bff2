import { formatFiles, logger, writeJson, type Tree } from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULTS_FILE, ENV_ALLOW_PATTERN, META_FILE, NAME_PATTERN, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { META_SCHEMA_LOCATIONS } from '../shared/constants';
import { normalizeDirectory, optionError } from '../shared/validate';
import { initGenerator } from '../init/generator';
import { schemaRef, takenNames } from '../shared/workspace';
import { PIPELINE_INPUT_RE } from '../../graph/profile';
import type { Json } from './checks';
import { splitCommand, toCommandProject, type CommandModeOptions } from './command-mode';
import { diffProfiles, readState, writeState, type ImportRecord } from './import-state';
import { MANIFEST_LEVEL, mapManifest, parseManifest, type ImportedProject, type ManifestMapping } from './map-manifest';
import { pipelineChecks } from './pipeline-checks';
import type { ImportManifestGeneratorSchema } from './schema';

export interface ImportResult extends ManifestMapping {
  /** profiles that got no project, with the one-line reason (they would not run) */
  refused: Record<string, string>;
  /** what this import did to each project: added, updated (with the changed fields), unchanged, removed */
  changes: { project: string; action: 'added' | 'updated' | 'unchanged' | 'removed'; details: string[] }[];
}

/** Fields of an imported project the manifest never sets: a re-import keeps the user's values. */
const USER_FIELDS = ['resources', 'tags'];

/** Reads, maps, checks and writes; returns what it did (the tests and the summary use it). */
export async function importManifest(tree: Tree, options: ImportManifestGeneratorSchema): Promise<ImportResult> {
  const directory = normalizeDirectory('directory', options.directory ?? 'apps');
  const prefix = options.prefix ?? '';
  if (prefix !== '' && !NAME_PATTERN.test(prefix)) {
    throw optionError('prefix', prefix, `empty or a prefix matching ${NAME_PATTERN.source}`);
  }
  const mode = options.mode ?? 'module';
  if (mode !== 'module' && mode !== 'command') throw optionError('mode', mode, 'module or command');
  const commandOptions = mode === 'command' ? readCommandOptions(options) : undefined;
  const text = readManifest(tree, options.manifest);
  const checks = mode === 'module' ? pipelineChecks(tree) : undefined;
  const mapping = mapManifest(parseManifest(text, options.manifest), { source: options.manifest, prefix, symbols: checks?.symbols });
  if (commandOptions && !commandOptions.metaCommand) {
    const metas = mapping.projects.filter((p) => p.kind === 'meta').map((p) => p.profile);
    if (metas.length)
      throw optionError('metaCommand', undefined, `the command of your meta-portfolio pipeline (the manifest has meta profiles: ${metas.join(', ')})`);
  }

  // Every project must run: refuse (with the reason) a profile the pipeline would reject, and a meta reading one.
  const refused: Record<string, string> = {};
  let projects: ImportedProject[] = mapping.projects;
  if (commandOptions) {
    projects = projects.map((p) => toCommandProject(p, commandOptions, options.manifest));
  } else if (checks) {
    const defaults = tree.exists(DEFAULTS_FILE) ? (JSON.parse(tree.read(DEFAULTS_FILE, 'utf-8') ?? '{}') as Json) : undefined;
    for (const p of projects) {
      const reason = checks.check(p, directory, p.kind === 'sleeve' ? defaults : undefined);
      if (reason) refused[p.profile] = reason;
    }
  }
  cascadeRefusals(projects, refused);
  const accepted = projects.filter((p) => !(p.profile in refused));

  const state = readState(tree, directory);
  const previous: ImportRecord | undefined = state.imports[options.manifest];
  // the state file is per directory: a project recorded there for this manifest is this import's own
  const owned = (name: string) => previous?.projects[name] !== undefined;
  const taken = await takenNames(tree);
  for (const project of accepted) {
    const dir = `${directory}/${project.name}`;
    for (const file of [SLEEVE_FILE, META_FILE]) {
      const at = `${dir}/${file}`;
      if (tree.exists(at) && !options.overwrite && !owned(project.name)) {
        throw optionError('directory', directory, `a folder without ${at} (pass --overwrite to replace it)`);
      }
    }
    const clash = taken.get(project.name);
    // the project's own earlier import is not a clash
    if (clash && !((options.overwrite || owned(project.name)) && clash.startsWith(`${dir}/`))) {
      throw optionError('prefix', prefix, `a prefix that keeps "${project.name}" unique (${clash} uses that name)`);
    }
  }

  await initGenerator(tree, { skipFormat: true }); // idempotent: the imported projects need the plugin registered

  const changes: ImportResult['changes'] = [];
  const record: ImportRecord = { mode, prefix, projects: {} };
  for (const project of accepted) {
    const dir = `${directory}/${project.name}`;
    const file = `${dir}/${project.file}`;
    const stale = `${dir}/${project.file === SLEEVE_FILE ? META_FILE : SLEEVE_FILE}`;
    if (tree.exists(stale)) tree.delete(stale); // only reachable for our own or --overwrite: a profile changed kind
    // A command profile is the team's pipeline's business, not this schema's: no $schema for it.
    const ref = commandOptions ? undefined : project.kind === 'sleeve' ? schemaRef(tree, dir) : schemaRef(tree, dir, META_SCHEMA_LOCATIONS);
    const before = tree.exists(file) ? (JSON.parse(tree.read(file, 'utf-8') ?? '{}') as Json) : undefined;
    // fields the manifest never sets but a user adds to an imported project (limits, tags) survive a re-import
    const kept = Object.fromEntries(USER_FIELDS.filter((k) => before?.[k] !== undefined && project.content[k] === undefined).map((k) => [k, before![k]]));
    const content = { ...(ref ? { $schema: ref } : {}), ...project.content, ...kept };
    writeJson(tree, file, content);
    record.projects[project.name] = { profile: project.profile, file };
    if (!before) changes.push({ project: project.name, action: 'added', details: [] });
    else {
      const diff = diffProfiles(before, content);
      changes.push({ project: project.name, action: diff.length ? 'updated' : 'unchanged', details: diff });
    }
  }
  // Projects this manifest's earlier import created that it no longer yields (profile gone or now refused).
  for (const [name, { profile, file }] of Object.entries(previous?.projects ?? {})) {
    if (record.projects[name] || !tree.exists(file)) continue;
    tree.delete(file);
    changes.push({
      project: name,
      action: 'removed',
      details: [refused[profile] ? `refused: ${refused[profile]}` : `profile ${profile} is no longer in the manifest`],
    });
  }
  state.imports[options.manifest] = record;
  writeState(tree, directory, state);

  const result: ImportResult = { ...mapping, projects: accepted, refused, changes };
  report(result, directory, options.manifest, {
    mode,
    checks: checks ? `${checks.source}${checks.symbolsSource ? `, symbols of ${checks.symbolsSource}` : ''}` : undefined,
    reimport: !!previous,
  });
  if (!options.skipFormat) await formatFiles(tree);
  return result;
}

/** A meta is refused when an entry names a refused project (it could not run); repeated for nested metas. */
function cascadeRefusals(projects: ImportedProject[], refused: Record<string, string>): void {
  const byName = new Map(projects.map((p) => [p.name, p]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of projects) {
      if (p.kind !== 'meta' || p.profile in refused) continue;
      const bad = (p.content.sleeves as { id: string; project: string }[]).find((e) => {
        const target = byName.get(e.project);
        return target && target.profile in refused;
      });
      if (bad) {
        refused[p.profile] = `sleeves entry "${bad.id}": profile ${byName.get(bad.project)!.profile} was refused`;
        changed = true;
      }
    }
  }
}

function list(option: string, value: unknown, re: RegExp, expected: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items =
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value;
  if (!Array.isArray(items) || items.some((g) => typeof g !== 'string' || !re.test(g))) throw optionError(option, value, expected);
  return items as string[];
}

function readCommandOptions(o: ImportManifestGeneratorSchema): CommandModeOptions {
  const argv = (option: string, value: unknown) => {
    const parsed = typeof value === 'string' ? splitCommand(value) : undefined;
    if (!parsed)
      throw optionError(option, value, 'a command line such as "uv run python -m scripts.run_production_pipeline --profile {profile} --run-id {runId}"');
    return parsed;
  };
  return {
    command: argv('command', o.command),
    metaCommand: o.metaCommand === undefined ? undefined : argv('metaCommand', o.metaCommand),
    pipelineInputs: list('pipelineInputs', o.pipelineInputs, PIPELINE_INPUT_RE, 'comma-separated workspace-relative globs (no "..", no leading "/" or "!")'),
    envAllow: list('envAllow', o.envAllow, ENV_ALLOW_PATTERN, 'comma-separated variable names or PREFIX_* patterns'),
  };
}

function readManifest(tree: Tree, manifest: unknown): string {
  if (typeof manifest !== 'string' || manifest.trim() === '') {
    throw optionError('manifest', manifest, 'the path of a manifest.json');
  }
  const rel = manifest.replace(/\\/g, '/');
  if (!path.isAbsolute(rel) && !rel.split('/').includes('..') && tree.exists(rel) && tree.isFile(rel)) {
    return tree.read(rel, 'utf-8') ?? '';
  }
  const abs = path.resolve(tree.root, manifest);
  try {
    return fs.readFileSync(abs, 'utf-8');
  } catch {
    throw optionError('manifest', manifest, 'an existing JSON file (relative to the workspace root, or absolute)');
  }
}

function report(r: ImportResult, directory: string, source: string, how: { mode: string; checks?: string; reimport: boolean }): void {
  const sleeves = r.projects.filter((p) => p.kind === 'sleeve').length;
  const metas = r.projects.length - sleeves;
  logger.info(
    `nx-sleeves: imported ${source}: ${sleeves} sleeve project(s) and ${metas} meta-portfolio project(s) under ${directory}/` +
      (how.mode === 'command' ? ' (command mode: they run your pipeline)' : ''),
  );
  if (how.mode === 'module') {
    logger.info(
      how.checks
        ? `  every profile checked with the pipeline's profile loader (${how.checks})`
        : '  profiles NOT checked: the pipeline package (@nx-sleeves/pipeline) could not be loaded; build it and import again',
    );
  }
  for (const p of r.projects) {
    const alias = p.aliases.length ? ` (aliases: ${p.aliases.join(', ')})` : '';
    logger.info(`  ${p.kind === 'meta' ? 'meta  ' : 'sleeve'} ${p.name} <- profiles.${p.profile}${alias}: ${directory}/${p.name}/${p.file}`);
    for (const n of how.mode === 'module' ? (r.notes[p.profile] ?? []) : []) logger.info(`      ${n}`);
  }
  if (r.defaultProject && r.projects.some((p) => p.name === r.defaultProject))
    logger.info(`  default_profile -> run it with: nx run ${r.defaultProject}:sleeve`);
  for (const p of r.projects.filter((x) => x.kind === 'meta')) {
    for (const e of p.content.sleeves as { id: string; project: string; runId?: string }[]) {
      // a pinned run is read, not run, by the meta: it has to exist before the meta runs
      if (e.runId) logger.info(`  ${p.name} pins ${e.project} run ${e.runId}: produce it once with: nx run ${e.project}:sleeve --runId=${e.runId}`);
    }
  }
  for (const [profile, reason] of Object.entries(r.refused)) logger.warn(`nx-sleeves: profile ${profile} NOT imported (it would not run): ${reason}`);
  if (how.reimport) {
    for (const c of r.changes) {
      if (c.action === 'unchanged') continue;
      logger.info(`  ${c.action} ${c.project}${c.details.length ? `:\n${c.details.map((d) => `      ${d}`).join('\n')}` : ''}`);
    }
    const same = r.changes.filter((c) => c.action === 'unchanged').length;
    if (same) logger.info(`  ${same} project(s) unchanged`);
  }
  if (how.mode === 'command') return; // the team's pipeline reads its own manifest: nothing is left unmapped
  for (const [profile, fields] of Object.entries(r.unmapped)) {
    if (profile in r.refused) continue;
    const where = profile === MANIFEST_LEVEL ? 'manifest top level' : `profile ${profile}`;
    logger.warn(`nx-sleeves: ${where}: ${fields.length} field(s) not mapped:\n${fields.map((f) => `  - ${f}`).join('\n')}`);
  }
}

export async function importManifestGenerator(tree: Tree, options: ImportManifestGeneratorSchema): Promise<void> {
  await importManifest(tree, options);
}

export default importManifestGenerator;
