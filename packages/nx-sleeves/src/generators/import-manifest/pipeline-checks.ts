import type { Tree } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOG_FILE, DEFAULTS_FILE } from '@nx-sleeves/contracts';
import { lakehouseDir } from '../shared/workspace';
import { PIPELINE_PACKAGE } from '../../graph/pipeline-package';
import type { Json } from './checks';
import type { ImportedProject } from './map-manifest';
import type { LakehouseSymbol } from './universe-hints';

/**
 * What the import checks each generated profile with: the pipeline package's own profile loader (its JSON Schema,
 * workspace defaults and cross-field rules) and universe resolution, so a project that would only fail at run time
 * with a profile error is refused at import instead. Loaded from the workspace (or next to the plugin); the profile
 * part of the pipeline is plain CommonJS with no Parquet code.
 */
interface ProfileApi {
  loadProfile(args: { workspaceRoot: string; projectRoot: string; env?: Record<string, string | undefined> }): unknown;
  loadMetaProfile(file: string, opts?: { workspaceRoot?: string }): unknown;
  resolveUniverse(profile: unknown, symbols: LakehouseSymbol[]): unknown[];
}

export interface PipelineChecks {
  /** where the profile checks came from, for the report */
  source: string;
  /** the lakehouse's symbols and where they came from, when known */
  symbols?: LakehouseSymbol[];
  symbolsSource?: string;
  /** the one-line reason a profile would fail, or undefined when it loads */
  check(project: ImportedProject, directory: string, defaults: Json | undefined): string | undefined;
}

function resolvePipelineDir(roots: string[]): string | undefined {
  for (const from of roots) {
    try {
      return path.dirname(require.resolve('@nx-sleeves/pipeline/package.json', { paths: [from] }));
    } catch {
      // next
    }
  }
  return undefined;
}

/** Symbols of the workspace's lakehouse (catalog.json), else of the built-in synthetic market the pipeline generates. */
function lakehouseSymbols(tree: Tree, pipelineDir: string | undefined): { symbols?: LakehouseSymbol[]; source?: string } {
  const dir = lakehouseDir(tree);
  const catalog = path.isAbsolute(dir) ? path.join(dir, CATALOG_FILE) : path.join(tree.root, dir, CATALOG_FILE);
  try {
    const json = JSON.parse(fs.readFileSync(catalog, 'utf-8')) as { symbols?: LakehouseSymbol[] } | LakehouseSymbol[];
    const list = Array.isArray(json) ? json : json.symbols;
    if (Array.isArray(list)) return { symbols: list, source: `${dir}/${CATALOG_FILE}` };
  } catch {
    // not built yet
  }
  if (!pipelineDir) return {};
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- path known only at run time (the workspace's built pipeline)
    const { universe } = require(path.join(pipelineDir, 'dist/lakehouse/generator/universe.js')) as {
      universe(): { exchange: string; symbol: string; market: string; assetClass: string }[];
    };
    const symbols = universe().map((s) => ({ id: `${s.exchange}_${s.symbol}`, exchange: s.exchange, market: s.market, assetClass: s.assetClass }));
    return { symbols, source: 'the built-in synthetic market (the lakehouse is not built yet)' };
  } catch {
    return {};
  }
}

/** The checks available in this workspace; undefined when the pipeline package cannot be loaded (then nothing is checked). */
export function pipelineChecks(tree: Tree): PipelineChecks | undefined {
  const pipelineDir = resolvePipelineDir([tree.root, __dirname]);
  let api: ProfileApi;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- path known only at run time (the workspace's built pipeline)
    api = require(path.join(pipelineDir ?? '', 'dist/profile/index.js')) as ProfileApi;
  } catch {
    return undefined;
  }
  const { symbols, source: symbolsSource } = lakehouseSymbols(tree, pipelineDir);
  return {
    source: pipelineDir ? path.relative(tree.root, pipelineDir) || '.' : PIPELINE_PACKAGE,
    symbols,
    symbolsSource,
    check(project, directory, defaults) {
      // A copy of what the generator writes, in a temp workspace with the same layout (errors name the real path).
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-import-check-'));
      try {
        const projectRoot = path.join(ws, directory, project.name);
        fs.mkdirSync(projectRoot, { recursive: true });
        if (defaults) fs.writeFileSync(path.join(ws, DEFAULTS_FILE), JSON.stringify(defaults));
        const file = path.join(projectRoot, project.file);
        fs.writeFileSync(file, JSON.stringify(project.content));
        if (project.kind === 'meta') {
          api.loadMetaProfile(file, { workspaceRoot: ws });
        } else {
          const profile = api.loadProfile({ workspaceRoot: ws, projectRoot, env: {} });
          if (symbols) api.resolveUniverse(profile, symbols);
        }
        return undefined;
      } catch (e) {
        return (e as Error).message.split('\n')[0];
      } finally {
        fs.rmSync(ws, { recursive: true, force: true });
      }
    },
  };
}
