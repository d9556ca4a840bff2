import { formatFiles, logger, writeJson, type Tree } from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { META_FILE, META_SCHEMA_LOCATIONS, NAME_PATTERN, SLEEVE_FILE } from '../shared/constants';
import { normalizeDirectory, optionError } from '../shared/validate';
import { initGenerator } from '../init/generator';
import { schemaRef, takenNames } from '../shared/workspace';
import { MANIFEST_LEVEL, mapManifest, parseManifest, type ManifestMapping } from './map-manifest';
import type { ImportManifestGeneratorSchema } from './schema';

/** Reads, maps and writes; returns the mapping (the tests and the summary use it). */
export async function importManifest(tree: Tree, options: ImportManifestGeneratorSchema): Promise<ManifestMapping> {
  const directory = normalizeDirectory('directory', options.directory ?? 'apps');
  const prefix = options.prefix ?? '';
  if (prefix !== '' && !NAME_PATTERN.test(prefix)) {
    throw optionError('prefix', prefix, `empty or a prefix matching ${NAME_PATTERN.source}`);
  }
  const text = readManifest(tree, options.manifest);
  const mapping = mapManifest(parseManifest(text, options.manifest), { source: options.manifest, prefix });

  const taken = await takenNames(tree);
  for (const project of mapping.projects) {
    const dir = `${directory}/${project.name}`;
    for (const file of [SLEEVE_FILE, META_FILE]) {
      const at = `${dir}/${file}`;
      if (tree.exists(at) && !options.overwrite) {
        throw optionError('directory', directory, `a folder without ${at} (pass --overwrite to replace it)`);
      }
    }
    const clash = taken.get(project.name);
    // with --overwrite, the project's own earlier import is not a clash
    if (clash && !(options.overwrite && clash.startsWith(`${dir}/`))) {
      throw optionError('prefix', prefix, `a prefix that keeps "${project.name}" unique (${clash} uses that name)`);
    }
  }

  await initGenerator(tree, { skipFormat: true }); // idempotent: the imported projects need the plugin registered

  for (const project of mapping.projects) {
    const dir = `${directory}/${project.name}`;
    const stale = `${dir}/${project.file === SLEEVE_FILE ? META_FILE : SLEEVE_FILE}`;
    if (tree.exists(stale)) tree.delete(stale); // only reachable with --overwrite: a profile changed kind
    const ref = project.kind === 'sleeve' ? schemaRef(tree, dir) : schemaRef(tree, dir, META_SCHEMA_LOCATIONS);
    writeJson(tree, `${dir}/${project.file}`, ref ? { $schema: ref, ...project.content } : project.content);
  }

  report(mapping, directory, options.manifest);
  if (!options.skipFormat) await formatFiles(tree);
  return mapping;
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

function report(mapping: ManifestMapping, directory: string, source: string): void {
  const sleeves = mapping.projects.filter((p) => p.kind === 'sleeve').length;
  const metas = mapping.projects.length - sleeves;
  logger.info(`nx-sleeves: imported ${source}: ${sleeves} sleeve project(s) and ${metas} meta-portfolio project(s) under ${directory}/`);
  for (const p of mapping.projects) {
    const alias = p.aliases.length ? ` (aliases: ${p.aliases.join(', ')})` : '';
    logger.info(`  ${p.kind === 'meta' ? 'meta  ' : 'sleeve'} ${p.name} <- profiles.${p.profile}${alias}: ${directory}/${p.name}/${p.file}`);
  }
  if (mapping.defaultProject) logger.info(`  default_profile -> run it with: nx run ${mapping.defaultProject}:sleeve`);
  for (const p of mapping.projects.filter((x) => x.kind === 'meta')) {
    for (const e of p.content.sleeves as { id: string; project: string; runId?: string }[]) {
      // a pinned run is read, not run, by the meta: it has to exist before the meta runs
      if (e.runId) logger.info(`  ${p.name} pins ${e.project} run ${e.runId}: produce it once with: nx run ${e.project}:sleeve --runId=${e.runId}`);
    }
  }
  for (const [profile, fields] of Object.entries(mapping.unmapped)) {
    const where = profile === MANIFEST_LEVEL ? 'manifest top level' : `profile ${profile}`;
    logger.warn(`nx-sleeves: ${where}: ${fields.length} field(s) not mapped:\n${fields.map((f) => `  - ${f}`).join('\n')}`);
  }
}

export async function importManifestGenerator(tree: Tree, options: ImportManifestGeneratorSchema): Promise<void> {
  await importManifest(tree, options);
}

export default importManifestGenerator;
