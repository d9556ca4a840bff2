import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { FileEntry, RunRecord } from '../engine/types';
import { copyFileAtomic, writeFileAtomic } from './atomic';
import { listFiles } from './list-files';
import { renderResultJson } from './result-json';
import { writeDeterministicZip } from './zip';

export const ZIP_NAME = 'artifacts.zip';
export const RESULT_NAME = 'result.json';
export const TEARSHEET_NAME = 'tearsheet.html';

export interface ExportInput extends RunRecord {
  sandboxDir: string;
  outputPath: string;
}

export interface ExportOutput {
  zipPath: string;
  resultPath: string;
  zipSha256: string;
  zipBytes: number;
  files: FileEntry[];
}

/**
 * Zips the sandbox's data/artifacts and data/logs into <outputPath>/artifacts.zip, writes result.json
 * beside it and copies artifacts/reports/tearsheet.html if present (each under a temp name, then renamed).
 * The lakehouse view is never read.
 */
export async function exportSandbox(input: ExportInput): Promise<ExportOutput> {
  const zipPath = path.join(input.outputPath, ZIP_NAME);
  const resultPath = path.join(input.outputPath, RESULT_NAME);
  await fsp.mkdir(input.outputPath, { recursive: true });
  const artifactsDir = path.join(input.sandboxDir, 'data', 'artifacts');
  const files = [
    ...(await listFiles(artifactsDir, 'artifacts')),
    ...(await listFiles(path.join(input.sandboxDir, 'data', 'logs'), 'logs')),
  ];
  const zip = await writeDeterministicZip(files, zipPath);
  const tearsheet = path.join(artifactsDir, 'reports', TEARSHEET_NAME);
  const tearsheetOut = path.join(input.outputPath, TEARSHEET_NAME);
  if (files.some((f) => f.name === `artifacts/reports/${TEARSHEET_NAME}`)) await copyFileAtomic(tearsheet, tearsheetOut);
  else await fsp.rm(tearsheetOut, { force: true }); // a stale tearsheet from an earlier run would lie
  await writeFileAtomic(
    resultPath,
    renderResultJson({ ...input, zipSha256: zip.sha256, zipBytes: zip.bytes, files: zip.files }),
  );
  return { zipPath, resultPath, zipSha256: zip.sha256, zipBytes: zip.bytes, files: zip.files };
}
