import type { SleeveStatus } from './enums';
import type { ZIP_FILE } from './files';

/** One file of a run's zip: `path` inside the zip, '/'-separated. */
export interface FileEntry {
  path: string;
  size: number;
  sha256: string;
}

/** What one sleeve run came to: shared by the engine's SleeveResult, the export step and result.json. */
export interface RunRecord {
  profile: string;
  runId: string;
  status: SleeveStatus;
  /** one line */
  error?: string;
  attempts: number;
  durationMs: number;
  peakRssMb: number;
}

/** `result.json`, written beside the zip: location-independent data only (no absolute paths). */
export interface ResultJson extends RunRecord {
  zip: { file: typeof ZIP_FILE; sha256: string; bytes: number };
  files: FileEntry[];
}
