import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TEARSHEET_FILE } from '@nx-sleeves/contracts';
import type { SleeveResult } from '../../engine';

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function bytes(n: number): string {
  if (!n) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * What the batch keeps of a finished sleeve until its summary (pure): the result without its terminal output, log
 * tail and file list, which Nx already has (terminalOutput) or the zip's result.json holds. A batch of hundreds of
 * sleeves then holds a few hundred bytes per sleeve, not up to TERMINAL_MAX_LINES log lines each.
 */
export function forSummary(r: SleeveResult): SleeveResult {
  return { ...r, files: [], logTail: [], terminalOutput: '' };
}

/** The table printed after a batch (pure): sleeve, status, duration, peak memory, zip size. */
export function formatSummary(rows: { name: string; result?: SleeveResult; status?: string }[]): string {
  const table = [
    ['sleeve', 'status', 'duration', 'peak memory', 'zip size'],
    ...rows.map(({ name, result, status }) =>
      result
        ? [name, result.status, duration(result.durationMs), result.peakRssMb ? `${Math.round(result.peakRssMb)} MB` : '-', bytes(result.zipBytes)]
        : [name, status ?? 'failed', '-', '-', '-'],
    ),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(table[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n');
}

/** Workspace-relative paths of the tearsheets the batch produced (the engine copies them beside the zip). */
export function tearsheetPaths(workspaceRoot: string, results: SleeveResult[], exists: (p: string) => boolean = existsSync): string[] {
  return results
    .filter((r) => r.outputPath && exists(join(r.outputPath, TEARSHEET_FILE)))
    .map((r) => relative(workspaceRoot, join(r.outputPath, TEARSHEET_FILE)).split(sep).join('/'));
}
