#!/usr/bin/env node
/**
 * Default lakehouse fingerprint (a runtime cache input): `node node_modules/nx-sleeves/dist/graph/lakehouse-fingerprint-cli.js <dir>`.
 *
 * The fingerprint code belongs to the pipeline package. Its path is not written into the command: a path such as
 * `node_modules/@nx-sleeves/pipeline/...` exists only with npm's flat layout, while pnpm keeps packages under
 * `node_modules/.pnpm/...`. This stub finds the package through Node's module resolution instead: from the
 * workspace root (Nx runs runtime inputs there), else from the plugin itself. The command string stays the same
 * in every clone and package manager (`nx-sleeves` is a direct dependency, linked at `node_modules/nx-sleeves`).
 */
import { dirname } from 'node:path';
import { PIPELINE_PACKAGE, pipelineInstallHint } from './pipeline-package';

/**
 * The default `lakehouseFingerprint` option (`{lakehouse}` is replaced by the plugin's `lakehouse` option). Sleeve
 * targets do not run it as a command of its own: the env fingerprint CLI prints the same fingerprint when given
 * `--lakehouse <dir>` (one runtime input instead of two, see graph/target.ts). A custom command runs as given.
 */
export const LAKEHOUSE_FINGERPRINT_COMMAND = 'node node_modules/nx-sleeves/dist/graph/lakehouse-fingerprint-cli.js {lakehouse}';
const PIPELINE_CLI = `${PIPELINE_PACKAGE}/dist/lakehouse/fingerprint-cli.js`;

/** Absolute path of the pipeline's fingerprint CLI, resolved from `roots` in order; undefined when not installed. */
export function resolveFingerprintCli(roots: string[]): string | undefined {
  for (const root of roots) {
    try {
      return require.resolve(PIPELINE_CLI, { paths: [root] });
    } catch {
      // next root
    }
  }
  return undefined;
}

/**
 * Runs the pipeline's fingerprint CLI in this process with `args` as its arguments: it prints the fingerprint line
 * (asynchronously). Without a pipeline package: the install hint on stderr and exit 1.
 */
export function runPipelineFingerprint(args: string[]): void {
  const cli = resolveFingerprintCli([process.cwd(), dirname(__dirname)]);
  if (!cli) {
    process.stderr.write(`nx-sleeves: cannot compute the lakehouse fingerprint: ${pipelineInstallHint(PIPELINE_PACKAGE)}\n`);
    process.exit(1);
  }
  // The pipeline CLI reads process.argv.slice(2) when loaded.
  process.argv = [process.argv[0], cli, ...args];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the pipeline's CLI, resolved at run time, in this process
  require(cli);
}

if (require.main === module) runPipelineFingerprint(process.argv.slice(2));
