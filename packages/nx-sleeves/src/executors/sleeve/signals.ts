/**
 * Calls `onSignal` once on SIGINT or SIGTERM (Ctrl-C in the terminal, or Nx stopping its workers) instead of the
 * default immediate exit, so running sleeves can be cancelled and reported. Returns a function removing the handlers.
 */
export function onTerminationSignals(onSignal: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
  let fired = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (fired) return;
    fired = true;
    onSignal(signal);
  };
  const int = () => handler('SIGINT');
  const term = () => handler('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return () => {
    process.off('SIGINT', int);
    process.off('SIGTERM', term);
  };
}
