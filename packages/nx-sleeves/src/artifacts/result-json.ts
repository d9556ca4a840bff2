import { ZIP_FILE, type ResultJson } from '@nx-sleeves/contracts';

export function renderResultJson(r: Omit<ResultJson, 'zip'> & { zipSha256: string; zipBytes: number }): string {
  const json: ResultJson = {
    profile: r.profile,
    runId: r.runId,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    attempts: r.attempts,
    durationMs: r.durationMs,
    peakRssMb: r.peakRssMb,
    zip: { file: ZIP_FILE, sha256: r.zipSha256, bytes: r.zipBytes },
    files: r.files,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
