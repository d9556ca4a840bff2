import type { FileEntry, RunRecord } from '../engine/types';

/** The location-independent record written beside the zip (contracts.md). */
export interface ResultJson extends RunRecord {
  zip: { file: 'artifacts.zip'; sha256: string; bytes: number };
  files: FileEntry[];
}

export function renderResultJson(r: Omit<ResultJson, 'zip'> & { zipSha256: string; zipBytes: number }): string {
  const json: ResultJson = {
    profile: r.profile,
    runId: r.runId,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    attempts: r.attempts,
    durationMs: r.durationMs,
    peakRssMb: r.peakRssMb,
    zip: { file: 'artifacts.zip', sha256: r.zipSha256, bytes: r.zipBytes },
    files: r.files,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
