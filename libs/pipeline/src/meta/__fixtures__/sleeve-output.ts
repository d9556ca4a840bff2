import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sha256 } from '../../audit';

/** Writes a sleeve output folder like the engine does: artifacts.zip + result.json. */
export function writeSleeveOutput(
  root: string,
  rel: string,
  o: { status?: string; error?: string; runId?: string; oos?: string; weights?: unknown; omit?: string[] },
) {
  const dir = join(root, rel);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Uint8Array> = {
    'artifacts/data/oos_returns.csv': strToU8(o.oos ?? 'date,return\n2020-01-01,0.01\n2020-01-02,-0.02\n'),
    'artifacts/data/weights.json': strToU8(JSON.stringify(o.weights ?? { X_A: 0.5, X_B: 0.5 })),
    'logs/sleeve.log': strToU8('ok\n'),
  };
  for (const k of o.omit ?? []) delete files[k];
  const zip = zipSync(files, { mtime: new Date('1980-01-01T00:00:00Z') });
  writeFileSync(join(dir, 'artifacts.zip'), zip);
  writeFileSync(
    join(dir, 'result.json'),
    JSON.stringify({
      profile: 'p',
      runId: o.runId ?? 'r1',
      status: o.status ?? 'success',
      error: o.error,
      zip: { file: 'artifacts.zip', sha256: sha256(zip), bytes: zip.length },
    }),
  );
}
