import { formatFiles, logger, writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import { MARKETS, META_FILE, RISK_ENGINES, SELECTION_MODES, SLEEVE_FILE } from '@nx-sleeves/contracts';
import { toSymbolId } from '../shared/symbols';
import { normalizeDirectory, optionError, splitList, validateOneOf, validateOptionName } from '../shared/validate';
import { initGenerator } from '../init/generator';
import { lakehouseDir, schemaRef, takenNames } from '../shared/workspace';
import { readCatalog } from './catalog';
import { buildSleeveProfile, type SleeveProfileInput } from './profile';
import type { SleeveGeneratorSchema } from './schema';

export interface NormalizedSleeveOptions extends Omit<SleeveProfileInput, 'schema'> {
  directory: string;
  skipFormat: boolean;
}

/** Validates the options (one-line errors naming the option) without touching the tree. */
export function normalizeSleeveOptions(options: SleeveGeneratorSchema): NormalizedSleeveOptions {
  const name = validateOptionName('name', options.name);
  const market = validateOneOf('market', options.market ?? 'us_equity', MARKETS);
  const engine = validateOneOf('engine', options.engine ?? 'hrp', RISK_ENGINES);
  const mode = validateOneOf('mode', options.mode ?? 'momentum', SELECTION_MODES);
  const directory = normalizeDirectory('directory', options.directory ?? `apps/${name}`);
  const symbols = splitList(options.symbols).map((s) => {
    const id = toSymbolId(s);
    if (!id) throw optionError('symbols', s, 'a lakehouse id EXCHANGE_SYMBOL (or EXCHANGE:SYMBOL)');
    return id;
  });
  const duplicate = symbols.find((s, i) => symbols.indexOf(s) !== i);
  if (duplicate) throw optionError('symbols', duplicate, 'each symbol once');
  if (options.topN !== undefined && (!Number.isInteger(options.topN) || options.topN < 1 || (symbols.length > 0 && options.topN > symbols.length))) {
    throw optionError('topN', options.topN, symbols.length > 0 ? `an integer from 1 to ${symbols.length} (the number of --symbols)` : 'a positive integer');
  }
  return {
    name,
    market,
    engine,
    mode,
    directory,
    symbols,
    topN: options.topN,
    description: options.description,
    skipFormat: options.skipFormat ?? false,
  };
}

export async function sleeveGenerator(tree: Tree, options: SleeveGeneratorSchema): Promise<GeneratorCallback> {
  const o = normalizeSleeveOptions(options);
  const file = path.posix.join(o.directory, SLEEVE_FILE);
  for (const f of [file, path.posix.join(o.directory, META_FILE)]) {
    if (tree.exists(f)) throw optionError('directory', o.directory, `a folder without ${path.posix.basename(f)} (${f} exists)`);
  }
  const clash = (await takenNames(tree)).get(o.name);
  if (clash) throw optionError('name', o.name, `a name not used yet (${clash} uses it)`);
  checkSymbolsAgainstCatalog(tree, o);

  // a sleeve only runs once the plugin infers its target: register it (idempotent) if `nx add` was skipped
  // (and install the pipeline package if it is missing: the callback Nx runs after writing the files)
  const install = await initGenerator(tree, { skipFormat: true });
  const profile = buildSleeveProfile({ ...o, schema: schemaRef(tree, o.directory) });
  writeJson(tree, file, profile);
  logger.info(`nx-sleeves: created ${file}; run it with: nx run ${o.name}:sleeve`);
  if (!o.skipFormat) await formatFiles(tree);
  return install;
}

/**
 * When the workspace already has a lakehouse, named symbols must exist there and belong to --market;
 * otherwise the sleeve would only fail later, at run time.
 */
function checkSymbolsAgainstCatalog(tree: Tree, o: NormalizedSleeveOptions): void {
  if (o.symbols.length === 0) return;
  const catalog = readCatalog(tree, lakehouseDir(tree));
  if (!catalog) return;
  for (const id of o.symbols) {
    const entry = catalog.get(id);
    if (!entry) throw optionError('symbols', id, `a symbol of the lakehouse (${catalog.source})`);
    if (entry.market && entry.market !== o.market) {
      throw optionError('symbols', id, `a symbol of market ${o.market} (it is in ${entry.market})`);
    }
  }
}

export default sleeveGenerator;
