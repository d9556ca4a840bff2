import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { RESULT_FILE, TEARSHEET_FILE, ZIP_ENTRIES, ZIP_FILE, type FileEntry, type RunRecord } from '@nx-sleeves/contracts';
import { tempPathFor } from './atomic';
import { listFiles } from './list-files';
import { renderResultJson } from './result-json';
import { writeDeterministicZip } from './zip';

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
  const zipPath = path.join(input.outputPath, ZIP_FILE);
  const resultPath = path.join(input.outputPath, RESULT_FILE);
  await fsp.mkdir(input.outputPath, { recursive: true });
  await removeStaleTemps(input.outputPath);
  const artifactsDir = path.join(input.sandboxDir, 'data', 'artifacts');
  const files = [...(await listFiles(artifactsDir, 'artifacts')), ...(await listFiles(path.join(input.sandboxDir, 'data', 'logs'), 'logs'))];
  const tearsheet = path.join(artifactsDir, 'reports', TEARSHEET_FILE);
  const tearsheetOut = path.join(input.outputPath, TEARSHEET_FILE);
  const hasTearsheet = files.some((f) => f.name === ZIP_ENTRIES.tearsheet);
  // Every output is first written complete under a temp name; only then are they renamed, result.json
  // last. A failure on the way (a full disk) leaves the previous run's outputs as they were, never a new
  // zip beside an older result.json that describes other bytes.
  const zipTmp = tempPathFor(zipPath);
  const tearsheetTmp = tempPathFor(tearsheetOut);
  const resultTmp = tempPathFor(resultPath);
  try {
    const zip = await writeDeterministicZip(files, zipTmp);
    if (hasTearsheet) await fsp.copyFile(tearsheet, tearsheetTmp);
    await fsp.writeFile(resultTmp, renderResultJson({ ...input, zipSha256: zip.sha256, zipBytes: zip.bytes, files: zip.files }));
    await fsp.rename(zipTmp, zipPath);
    if (hasTearsheet) await fsp.rename(tearsheetTmp, tearsheetOut);
    else await fsp.rm(tearsheetOut, { force: true }); // a stale tearsheet from an earlier run would lie
    await fsp.rename(resultTmp, resultPath);
    return { zipPath, resultPath, zipSha256: zip.sha256, zipBytes: zip.bytes, files: zip.files };
  } catch (e) {
    await Promise.all([zipTmp, tearsheetTmp, resultTmp].map((f) => fsp.rm(f, { force: true }).catch(() => undefined)));
    throw e;
  }
}

/** Our temp names: `.<output>.tmp-<pid>-<hex>` (the zip's own temp adds one more level). */
const TEMP_NAME = /^\.+(?:artifacts\.zip|result\.json|tearsheet\.html)\.tmp-(\d+)-[0-9a-f]+(?:\.tmp-\d+-[0-9a-f]+)?$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Temp files an export left when its process was killed (SIGKILL, OOM killer, a CI runner stopped): Nx
 * would cache them with the outputs. Those of a process that is gone are removed before exporting again;
 * a live process's (another engine exporting here) are left alone.
 */
async function removeStaleTemps(outputPath: string): Promise<void> {
  for (const name of await fsp.readdir(outputPath).catch(() => [] as string[])) {
    const m = TEMP_NAME.exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    await fsp.rm(path.join(outputPath, name), { force: true }).catch(() => undefined);
  }
}
