/**
 * The submission gate without a cluster: a stand-in `sbatch` on PATH that fails like an unreachable controller and
 * counts its calls. Every sleeve must fail with the same one line, and sbatch must be called once, not per sleeve.
 * (The real-cluster version of this is in slurm.int.spec.ts.)
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SleeveResult } from '../../types';

jest.setTimeout(60_000);
const FIX = path.resolve(__dirname, '../../__fixtures__');

test('controller unreachable: one sbatch call, every sleeve fails with its line, no sandbox left', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-gate-'));
  try {
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const calls = path.join(root, 'calls');
    fs.writeFileSync(
      path.join(bin, 'sbatch'),
      `#!/bin/sh\necho x >> ${calls}\nsleep 0.5\necho "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)" >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const lake = path.join(root, 'lake');
    fs.mkdirSync(lake);
    const specs = ['g1', 'g2', 'g3', 'g4'].map((p) => ({
      profile: p,
      runId: 'r',
      pipeline: path.join(FIX, 'ok.js'),
      lakehouse: lake,
      outputPath: path.join(root, 'out', p),
      workspaceRoot: root,
      memoryMb: 128,
    }));
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [path.join(FIX, 'run-engine.js')],
        { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      );
      child.stdin!.end(JSON.stringify({ engine: { backend: 'slurm' }, specs }));
    });
    const results = (JSON.parse(stdout.trim().split('\n').pop()!) as { results: SleeveResult[] }).results;
    for (const r of results) {
      expect(r).toMatchObject({
        status: 'failed',
        error: `sleeve ${r.name}: slurm backend: \`sbatch --parsable\` failed: sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)`,
      });
    }
    expect(fs.readFileSync(calls, 'utf8')).toBe('x\n');
    expect(fs.readdirSync(path.join(root, 'tmp', 'sleeves'))).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
