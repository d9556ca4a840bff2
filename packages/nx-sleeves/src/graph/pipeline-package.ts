import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

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
  return inside
    ? { kind: 'workspace', dir: rel.split(sep).join('/'), name: packageName }
    : { kind: 'external', dir: packageName, name: packageName };
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
