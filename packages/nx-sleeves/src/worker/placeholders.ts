/** Fills `{profile}` `{runId}` `{artifactsDir}` `{logsDir}` `{lakehouseDir}` in a command's argv (pure). */
export function fillPlaceholders(argv: readonly string[], values: Record<string, string>): string[] {
  return argv.map((arg) => arg.replace(/\{(profile|runId|artifactsDir|logsDir|lakehouseDir)\}/g, (_, key: string) => values[key]));
}
