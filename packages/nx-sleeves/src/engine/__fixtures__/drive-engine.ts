/**
 * Test driver for the engine's real-process specs: runs `run-engine.js` (the compiled engine in a plain node process;
 * tinypool is ESM-only, Jest cannot load it) with a JSON config on stdin and returns what it printed last.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SleeveResult, SleeveSpec } from '../types';

export interface RunOutput {
  results: SleeveResult[];
  lines: [string, string][];
  statuses: [string, string][];
  leftover: number[];
}

export function runEngine(cfg: object, env: NodeJS.ProcessEnv = process.env): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'run-engine.js')], { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`run-engine failed: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as RunOutput);
      } catch {
        reject(new Error(`run-engine printed no JSON:\n${stdout}\n${stderr}`));
      }
    });
    child.stdin!.end(JSON.stringify(cfg));
  });
}

export const byName = (out: RunOutput): Record<string, SleeveResult> => Object.fromEntries(out.results.map((r) => [r.name, r]));

/** Where a spec's fixture pipeline lives: this folder (`ok.js`, `buffer-hog.js`, ...). */
export const FIXTURES = __dirname;

/**
 * A spec running fixture `fixture` in a test workspace: 128 MB, and an output folder of its own per test (`t<n>`),
 * so a test never reads another's zip.
 */
export function fixtureSpec(
  ws: { root: string; lake: string; runId: string; n: number },
  profile: string,
  fixture: string,
  extra: Partial<SleeveSpec> = {},
): SleeveSpec {
  return {
    profile,
    runId: ws.runId,
    pipeline: path.join(FIXTURES, fixture),
    lakehouse: ws.lake,
    outputPath: path.join(ws.root, 'dist', `t${ws.n}`, profile),
    workspaceRoot: ws.root,
    memoryMb: 128,
    ...extra,
  };
}

/** A temp workspace (`<tmp>/<prefix>XXXXXX`) with a lakehouse of placeholder files (relative path → content). */
export function fixtureWorkspace(prefix: string, lakeFiles: Record<string, string>): { root: string; lake: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const lake = path.join(root, 'data', 'lakehouse');
  for (const [rel, text] of Object.entries(lakeFiles)) {
    fs.mkdirSync(path.dirname(path.join(lake, rel)), { recursive: true });
    fs.writeFileSync(path.join(lake, rel), text);
  }
  fs.mkdirSync(lake, { recursive: true });
  return { root, lake };
}

/** What is left under the workspace's sandbox parent (`<root>/tmp/sleeves`): sandboxes, a pilot queue folder. */
export function sandboxesLeft(root: string): string[] {
  const dir = path.join(root, 'tmp', 'sleeves');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** Polls `check` every `everyMs` until it holds; fails with "gave up waiting for <what>" after `capMs`. */
export async function waitFor(check: () => boolean, what: string, capMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Whether a file a fixture writes once its sleeve runs (wait.js / spin.js: their pid in `readyFile`) is there. */
export const written = (file: string): boolean => fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== '';

/** Waits until a fixture's `readyFile` holds its sleeve's worker pid, and returns the pid. */
export async function readyPid(readyFile: string, capMs = 30_000): Promise<number> {
  await waitFor(() => written(readyFile), 'the sleeve to start', capMs);
  return Number(fs.readFileSync(readyFile, 'utf8'));
}
