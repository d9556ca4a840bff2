import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_FILE, ZIP_FILE, type SleeveInput } from '@nx-sleeves/contracts';

/** Placeholder of a meta-portfolio's `command`: the absolute path of the JSON file listing its inputs. */
export const META_INPUTS_PLACEHOLDER = '{metaInputs}';

/** One entry of the `{metaInputs}` file: where an external meta pipeline finds each sleeve's outputs. */
export interface MetaInputsEntry extends SleeveInput {
  /** Absolute paths, so a command running in its sandbox can open them directly. */
  zip: string;
  result: string;
  outputDir: string;
}

/** The file's content (pure): `{ version: 1, meta, runId, workspaceRoot, sleeves: [...] }`, entries in manifest order. */
export function metaInputsDocument(root: string, profile: string, runId: string, inputs: SleeveInput[]) {
  const sleeves: MetaInputsEntry[] = inputs.map((i) => ({
    ...i,
    outputDir: join(root, i.outputPath),
    zip: join(root, i.outputPath, ZIP_FILE),
    result: join(root, i.outputPath, RESULT_FILE),
  }));
  return { version: 1, meta: profile, runId, workspaceRoot: root, sleeves };
}

/**
 * Writes `tmp/meta-inputs/<profile>-<runId>.json` (temp name + rename) and returns its absolute path. It is derived
 * from the meta-portfolio.json and the graph, both already in the key, so it is not an input itself.
 */
export function writeMetaInputsFile(root: string, profile: string, runId: string, inputs: SleeveInput[]): string {
  const dir = join(root, 'tmp', 'meta-inputs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${profile}-${runId}.json`);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(metaInputsDocument(root, profile, runId, inputs), null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}
