import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The pipeline package nx-sleeves loads by default (a peer dependency; `nx add nx-sleeves` installs it). */
export const PIPELINE_PACKAGE = '@nx-sleeves/pipeline';

/** The pipeline version this plugin declares (its peer dependency), read from the plugin's own package.json. */
export function declaredPipelineVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
    peerDependencies?: Record<string, string>;
  };
  return manifest.peerDependencies?.[PIPELINE_PACKAGE] ?? manifest.version;
}

/**
 * Whether `packageName` is linked into a `node_modules/` folder at or above `workspaceRoot`: what any process
 * started there finds. Unlike require.resolve this ignores NODE_PATH, which pnpm's bin shims point at
 * `node_modules/.pnpm/node_modules/` (where a dependency of a dependency is hoisted), so a package found only
 * there is missing for `nx` started another way and for paths like `node_modules/<name>/schema/...`.
 */
export function linkedInNodeModules(workspaceRoot: string, packageName: string): boolean {
  for (let dir = workspaceRoot; ;) {
    if (existsSync(join(dir, 'node_modules', packageName, 'package.json'))) return true;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/** The install command for `spec` with the package manager whose lockfile is in `workspaceRoot` (npm by default). */
export function installCommand(spec: string, workspaceRoot: string = process.cwd()): string {
  if (existsSync(join(workspaceRoot, 'pnpm-lock.yaml'))) return `pnpm add -D ${spec}`;
  if (existsSync(join(workspaceRoot, 'yarn.lock'))) return `yarn add -D ${spec}`;
  if (existsSync(join(workspaceRoot, 'bun.lock')) || existsSync(join(workspaceRoot, 'bun.lockb'))) return `bun add -d ${spec}`;
  return `npm install -D ${spec}`;
}

/**
 * What to tell a user whose pipeline package cannot be loaded: the package and the command that installs it
 * (the declared version for the default package; a custom `pipelinePackage` is theirs to version).
 */
export function pipelineInstallHint(packageName: string, workspaceRoot: string = process.cwd()): string {
  const spec = packageName === PIPELINE_PACKAGE ? `${packageName}@${declaredPipelineVersion()}` : packageName;
  return `package "${packageName}" is not installed in ${workspaceRoot}; install it with: ${installCommand(spec, workspaceRoot)}`;
}

export interface PipelinePackageLocation {
  /** Where the package lives: a folder of this workspace (a project), or an installed npm package. */
  kind: 'workspace' | 'external';
  /** Workspace-relative folder ('/'-separated) for `workspace`; the package name for `external`. */
  dir: string;
  name: string;
}

/**
 * Finds the pipeline package as Node would from the workspace root. A workspace package (npm workspaces link it
 * into node_modules) is a project whose files are cache inputs; an installed one is an external dependency.
 * Returns undefined when it is not installed (the executor then reports that clearly at run time).
 */
export function locatePipelinePackage(workspaceRoot: string, packageName: string): PipelinePackageLocation | undefined {
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`, { paths: [workspaceRoot] });
  } catch {
    // A package without "exports" for package.json: walk up from its main module instead.
    try {
      manifest = findManifest(require.resolve(packageName, { paths: [workspaceRoot] }));
    } catch {
      return undefined;
    }
  }
  const real = dirname(realpathSync(manifest));
  const rel = relative(realpathSync(workspaceRoot), real);
  const inside = rel !== '' && !rel.startsWith('..') && !rel.split(sep).includes('node_modules');
  return inside ? { kind: 'workspace', dir: rel.split(sep).join('/'), name: packageName } : { kind: 'external', dir: packageName, name: packageName };
}

function findManifest(file: string): string {
  let dir = dirname(file);
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      JSON.parse(readFileSync(candidate, 'utf8'));
      return candidate;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${file}`);
    dir = up;
  }
}

/**
 * The package a module request surely names: a scoped request (`@scope/pkg/sub/path` → `@scope/pkg`) or a bare
 * name without a path (`my-pipeline`). Undefined otherwise: `scripts/pipeline.js` is more likely a workspace file.
 */
export function packageNameOf(request: string): string | undefined {
  const scoped = /^(@[A-Za-z0-9._~-]+\/[A-Za-z0-9._~-]+)(\/|$)/.exec(request);
  if (scoped) return scoped[1];
  return /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(request) && !request.endsWith('.js') ? request : undefined;
}
