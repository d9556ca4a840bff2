/**
 * Whether a batch echoes each sleeve's log lines as they come. Outside the TUI, Nx prints every task's
 * terminalOutput (which holds the same lines, and is what it caches and replays) when the task finishes, and the
 * batch process's own stdout is printed too: echoing live would show each line twice (`--outputStyle=static`). In
 * the TUI the live stream goes to the batch's pane and terminalOutput to the task's, so live lines are kept.
 * NX_SLEEVES_LIVE_OUTPUT=true|false overrides.
 */
export function liveOutput(env: NodeJS.ProcessEnv): boolean {
  const v = env.NX_SLEEVES_LIVE_OUTPUT;
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== undefined && v !== '') throw new Error(`env NX_SLEEVES_LIVE_OUTPUT: invalid value ${JSON.stringify(v)}; expected true or false`);
  return env.NX_TUI === 'true';
}
