/** The environment a sleeve sees (pure): an allow-list of the host env plus run identity and thread counts. */

export const THREAD_VARS = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'UV_THREADPOOL_SIZE'];

/** `TV_*` matches every name starting with `TV_`; anything else matches exactly. */
export function isAllowed(name: string, allow: readonly string[]): boolean {
  return allow.some((a) => (a.endsWith('*') ? name.startsWith(a.slice(0, -1)) : name === a));
}

export function buildSleeveEnv(
  host: NodeJS.ProcessEnv,
  allow: readonly string[],
  sleeve: { profile: string; runId: string; cpus: number },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of Object.keys(host).sort()) {
    const value = host[name];
    if (value !== undefined && isAllowed(name, allow)) env[name] = value;
  }
  env.TV_PROFILE = sleeve.profile;
  env.TV_RUN_ID = sleeve.runId;
  // Thread pools sized to the sleeve's share, as Ray does for its workers; at least 1 for fractional cpus.
  const threads = String(Math.max(1, Math.floor(sleeve.cpus)));
  for (const v of THREAD_VARS) env[v] = threads;
  return env;
}
