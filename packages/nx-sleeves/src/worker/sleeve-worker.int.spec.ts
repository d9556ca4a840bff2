/**
 * The worker module on its own (the compiled one-file build each sleeve process loads, in a spawned node): what it
 * loads, and what it does when it is told to stop.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitFor } from '../engine/__fixtures__/drive-engine';
import { WORKER_FILE, WORKER_EXPORT } from '../engine/pool';
import { isAlive } from '../process/process-table';
import { createSandboxDirs } from '../sandbox/sandbox';

jest.setTimeout(60_000);

let root: string;
beforeAll(() => {
  if (!fs.existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: build first (npm run build)`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-worker-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('a sleeve process imports a small entry and loads the one-file worker (tools/build/bundle.js) on its task', () => {
  expect(path.basename(WORKER_FILE)).toBe('pool-entry.js');
  // As tinypool does: import() the entry, call the named export. The task is invalid (no sandbox folder), so the
  // worker's first step throws: enough to see what each step loaded.
  const script = `const before = () => Object.keys(require.cache);
    import(${JSON.stringify(WORKER_FILE)}).then(async (m) => {
      const onImport = before();
      const error = await Promise.resolve().then(() => m.${WORKER_EXPORT}({ sandboxDir: '/nonexistent/nxs-sb' })).then(() => null, (e) => e.code);
      process.stdout.write(JSON.stringify({ entry: typeof m.${WORKER_EXPORT}, onImport, onTask: before(), error }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const bundle = path.join(path.dirname(WORKER_FILE), 'sleeve-worker.bundle.js');
  expect(JSON.parse(r.stdout)).toEqual({ entry: 'function', onImport: [WORKER_FILE], onTask: [WORKER_FILE, bundle], error: 'ENOENT' });
});

test('a worker ended by SIGTERM takes its command group with it, even a command that ignores SIGTERM', async () => {
  const sandbox = path.join(root, 'sb');
  createSandboxDirs(sandbox);
  const lake = path.join(root, 'lake');
  fs.mkdirSync(lake);
  const pidFile = path.join(root, 'command.pid');
  // Ignores SIGTERM (and so does its sleep, which inherits the ignored disposition).
  const command = ['sh', '-c', `trap '' TERM; echo $$ > ${pidFile}; sleep 300`];
  const task = {
    name: 's',
    profile: 's',
    runId: 'r',
    command,
    sandboxDir: sandbox,
    lakehouse: lake,
    workspaceRoot: root,
    projectRoot: root,
    cpus: 1,
    memoryMb: 256,
    env: { PATH: process.env.PATH },
    options: {},
  };
  const script = `require(${JSON.stringify(WORKER_FILE)}).${WORKER_EXPORT}(${JSON.stringify(task)});`;
  const worker = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const exited = new Promise((r) => worker.on('exit', r));
  let commandPid = 0;
  try {
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 'the command to start');
    commandPid = Number(fs.readFileSync(pidFile, 'utf8'));
    worker.kill('SIGTERM');
    await exited;
    await waitFor(() => !isAlive(commandPid), 'the command to end with its worker');
  } finally {
    if (commandPid && isAlive(commandPid)) process.kill(-commandPid, 'SIGKILL'); // never leave it behind
    if (worker.exitCode === null) worker.kill('SIGKILL');
  }
});
