/**
 * Orphaned sandboxes, with real processes: an engine process (engine/__fixtures__/run-engine.js on the compiled
 * dist) is SIGKILLed mid-sleeve, so nothing removes its sandbox; the next engine start does, and leaves alone the
 * sandbox of a live engine, a kept sandbox, another host's sandbox and a folder without an owner file.
 */
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive, readProcInfo } from '../process/process-table';
import { OWNER_FILE } from './sandbox-owner';
import { readyPid, waitFor } from '../engine/__fixtures__/drive-engine';

jest.setTimeout(60_000);

const FIX = path.join(__dirname, '..', 'engine', '__fixtures__');
const DIST = path.resolve(__dirname, '../../dist/engine/index.js');

let root: string;
let sandboxes: string;
const children: ChildProcess[] = [];

function spec(profile: string, fixture: string, extra: object = {}) {
  return {
    profile,
    runId: 'r1',
    pipeline: path.join(FIX, fixture),
    lakehouse: path.join(root, 'data', 'lakehouse'),
    outputPath: path.join(root, 'dist', profile),
    workspaceRoot: root,
    memoryMb: 128,
    ...extra,
  };
}

/** Starts an engine process running `specs`; resolves once `readyFile` holds the sleeve's worker pid. */
async function startEngine(profile: string): Promise<{ child: ChildProcess; worker: number }> {
  const ready = path.join(root, `ready-${profile}`);
  const child = spawn(process.execPath, [path.join(FIX, 'run-engine.js')], { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(child);
  child.stdin!.end(JSON.stringify({ engine: { cpus: 1, memoryMb: 1024 }, specs: [spec(profile, 'wait.js', { options: { readyFile: ready } })] }));
  return { child, worker: await readyPid(ready) };
}

function runEngine(specs: object[]): Promise<{ results: { name: string; status: string }[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(FIX, 'run-engine.js')], (err, stdout, stderr) => {
      if (err) return reject(new Error(`run-engine failed: ${err.message}\n${stderr}`));
      resolve({ ...JSON.parse(stdout.trim().split('\n').pop()!), stderr });
    });
    child.stdin!.end(JSON.stringify({ engine: { cpus: 1, memoryMb: 1024 }, specs }));
  });
}

const sandboxOf = (profile: string) => fs.readdirSync(sandboxes).filter((d) => d.startsWith(`${profile}-r1-`));
const owner = (dir: string) => JSON.parse(fs.readFileSync(path.join(sandboxes, dir, '.control', OWNER_FILE), 'utf8'));

beforeAll(() => {
  if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build)`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-orphans-'));
  sandboxes = path.join(root, 'tmp', 'sleeves');
  fs.mkdirSync(path.join(root, 'data', 'lakehouse'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data', 'lakehouse', 'NASDAQ_AAPL_1d.parquet'), 'aapl-bytes');
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

test('the next engine start removes the sandbox of a SIGKILLed engine, and only sandboxes whose owner is gone', async () => {
  // A kept sandbox: its engine exits normally; keepSandbox means the user wants it, owner gone or not.
  const kept = await runEngine([spec('kept', 'ok.js', { keepSandbox: true })]);
  expect(kept.results[0].status).toBe('success');
  expect(sandboxOf('kept')).toHaveLength(1);
  expect(owner(sandboxOf('kept')[0]).keep).toBe(true);

  const victim = await startEngine('victim');
  const live = await startEngine('live');
  const [victimDir] = sandboxOf('victim');
  // The owner is the engine process: its pid and its start time (/proc/<pid>/stat field 22).
  expect(owner(victimDir)).toEqual({ host: os.hostname(), pid: victim.child.pid, startTime: readProcInfo(victim.child.pid!)!.startTime, keep: false });

  // A folder without an owner file (being created, or from an older version) and one whose pid was reused.
  fs.mkdirSync(path.join(sandboxes, 'unknown-r1-000000', '.control'), { recursive: true });
  fs.mkdirSync(path.join(sandboxes, 'reused-r1-000000', '.control'), { recursive: true });
  const me = readProcInfo(process.pid)!;
  fs.writeFileSync(
    path.join(sandboxes, 'reused-r1-000000', '.control', OWNER_FILE),
    JSON.stringify({ host: os.hostname(), pid: process.pid, startTime: me.startTime - 1, keep: false }),
  );
  // Another host's sandbox (a workspace on a shared filesystem): a dead pid here says nothing about it.
  fs.mkdirSync(path.join(sandboxes, 'remote-r1-000000', '.control'), { recursive: true });
  fs.writeFileSync(
    path.join(sandboxes, 'remote-r1-000000', '.control', OWNER_FILE),
    JSON.stringify({ host: `not-${os.hostname()}`, pid: 999999999, startTime: 1, keep: false }),
  );

  victim.child.kill('SIGKILL');
  await new Promise((r) => victim.child.once('exit', r));
  await waitFor(() => !isAlive(victim.worker), 'the orphaned worker to end');
  expect(sandboxOf('victim')).toEqual([victimDir]); // nothing removed it: that is the crash this is about

  const next = await runEngine([spec('next', 'ok.js')]);
  expect(next.results[0].status).toBe('success');
  expect(next.stderr).toContain(`removed 2 sandbox(es) of engine processes that are gone from ${sandboxes}: reused-r1-000000, ${victimDir}`);
  expect(fs.readdirSync(sandboxes).sort()).toEqual([...sandboxOf('kept'), ...sandboxOf('live'), 'remote-r1-000000', 'unknown-r1-000000'].sort());
  expect(sandboxOf('live')).toHaveLength(1);

  // The live engine's sleeve is still running in its sandbox (stopped by afterAll).
  expect(isAlive(live.worker)).toBe(true);
});
