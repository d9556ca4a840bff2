#!/usr/bin/env node
/**
 * Renders a run dashboard from the outputs on disk, without Nx:
 *   node node_modules/@nx-sleeves/pipeline/dist/dashboard/cli.js --runId <id> [--compare <otherRunId>] [--outputsRoot dist/sleeves]
 * Prints the page's workspace-relative path.
 */
import { writeDashboard } from './write';

export function parseArgs(argv: string[]): { runId: string; compare?: string; outputsRoot?: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(runId|compare|outputsRoot)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`dashboard: unknown argument ${JSON.stringify(argv[i])}; expected --runId <id>, --compare <id>, --outputsRoot <dir>`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`dashboard: option "--${m[1]}" needs a value`);
    out[m[1]] = value;
  }
  return { runId: out.runId ?? process.env.TV_RUN_ID ?? 'dev', compare: out.compare, outputsRoot: out.outputsRoot };
}

if (require.main === module) {
  try {
    const a = parseArgs(process.argv.slice(2));
    const { path } = writeDashboard({ workspaceRoot: process.cwd(), ...a });
    process.stdout.write(`Run dashboard: ${path}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
