/**
 * The team cache proven with several "machines": workspace clones in separate temp folders, each
 * with its own Nx cache folder, the real Nx and the real nx-sleeves plugin (fixture workspace of
 * packages/nx-sleeves/e2e: two sleeves + a meta-portfolio on a tiny deterministic pipeline), and
 * the real cache server process (`node apps/cache-server/dist/main.js`).
 * Scenarios run in order and share the server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, git, hitsAndMisses, lastRun, linkNodeModules, nx, REPO_ROOT, writeLakehouse } from '../../../packages/nx-sleeves/e2e/fixture';
import { call } from '../src/__fixtures__/http';
import { startServerProcess, type ServerProcess } from '../src/__fixtures__/process';

jest.setTimeout(180_000);

const WRITE = 'e2e-write-token-0123456789abcdef';
const READ = 'e2e-read-token-0123456789abcdefg';
const ALL = ['alpha:sleeve', 'beta:sleeve', 'meta:sleeve'];
const SLEEVES = ['alpha', 'beta', 'meta'];

let tmp: string;
let serverDir: string;
let server: ServerProcess;
let origin: string;

const startServer = () => startServerProcess(['--port', '0', '--dir', serverDir], { NX_CACHE_SERVER_WRITE_TOKENS: WRITE, NX_CACHE_SERVER_READ_TOKENS: READ });

async function stopServer(): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

/** A new machine: a clone of the origin workspace with node_modules linked and the (gitignored) lakehouse. */
function machine(name: string): { root: string; cacheDir: string } {
  const root = join(tmp, name);
  git(tmp, ['clone', '-q', origin, root]);
  linkNodeModules(root);
  writeLakehouse(root);
  return { root, cacheDir: join(tmp, `${name}-nx-cache`) };
}

const remoteEnv = (token: string, extra: NodeJS.ProcessEnv = {}) => ({
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.base,
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
  ...extra,
});

function runNx(m: { root: string; cacheDir: string }, args: string[], env: NodeJS.ProcessEnv) {
  const r = nx(m.root, args, { cacheDir: m.cacheDir, env });
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} in ${m.root} failed (${r.status}):\n${output}`);
  return output;
}

async function metric(name: string): Promise<number> {
  const text = (await call(server.base, 'GET', '/metrics')).body.toString();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`metric ${name} missing`);
  return Number(m[1]);
}

function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const zip = (root: string, profile: string, runId = 'dev') => readFileSync(join(root, 'dist/sleeves', profile, runId, 'artifacts.zip'));

beforeAll(async () => {
  for (const built of ['packages/nx-sleeves/dist/index.js', 'apps/cache-server/dist/main.js']) {
    if (!existsSync(join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) before the e2e tests`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'nxs-e2e-remote-'));
  serverDir = join(tmp, 'server-store');
  origin = join(tmp, 'origin');
  createWorkspace(origin);
  server = await startServer();
});

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGTERM');
  if (tmp && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(tmp, { recursive: true, force: true });
});

let machineA: { root: string; cacheDir: string };

test('A computes every sleeve and uploads it with the read-write token', async () => {
  machineA = machine('a');
  runNx(machineA, ['run-many', '-t', 'sleeve'], remoteEnv(WRITE));
  expect(hitsAndMisses(machineA.cacheDir)).toEqual({ hits: [], misses: ALL });
  expect(await metric('nx_cache_writes_total')).toBe(3);
  expect(await metric('nx_cache_entries')).toBe(3);
});

test('after a server restart, B with an empty cache gets 100% remote hits and byte-identical zips', async () => {
  await stopServer();
  server = await startServer(); // same store folder, new process (and port)
  const b = machine('b');
  const output = runNx(b, ['run-many', '-t', 'sleeve'], remoteEnv(WRITE));
  const tasks = lastRun(b.cacheDir);
  expect(Object.keys(tasks).sort()).toEqual(ALL);
  for (const id of ALL) expect(tasks[id].cacheStatus).toBe('remote-cache-hit');
  expect(output).toMatch(/Nx read the output from the cache/);
  for (const p of SLEEVES) expect(zip(b.root, p).equals(zip(machineA.root, p))).toBe(true);
  expect(await metric('nx_cache_hits_total')).toBe(3);
  expect(await metric('nx_cache_writes_total')).toBe(0);
});

test('C with a read-only token reads everything and writes nothing, even what it computes', async () => {
  const c = machine('c');
  runNx(c, ['run-many', '-t', 'sleeve'], remoteEnv(READ));
  expect(Object.values(lastRun(c.cacheDir)).map((t) => t.cacheStatus)).toEqual(['remote-cache-hit', 'remote-cache-hit', 'remote-cache-hit']);
  for (const p of SLEEVES) expect(zip(c.root, p).equals(zip(machineA.root, p))).toBe(true);
  // A pull request computing a new result (another run id): Nx's upload is refused with 403, the run still succeeds.
  runNx(c, ['run-many', '-t', 'sleeve', '--projects=alpha'], remoteEnv(READ, { TV_RUN_ID: 'pr-42' }));
  expect(hitsAndMisses(c.cacheDir)).toEqual({ hits: [], misses: ['alpha:sleeve'] });
  expect(await metric('nx_cache_writes_total')).toBe(0);
  expect(await metric('nx_cache_rejected_writes_total')).toBe(1);
  expect(await metric('nx_cache_entries')).toBe(3);
});

test('CI shards: two clones each run one shard of two, a third runs the meta-portfolio and computes only it', async () => {
  const runId = 'ci-7'; // new hashes: nothing of this run is in the cache yet
  // Both CI machines at once, as in a real pipeline.
  const shardNames = await Promise.all(
    [1, 2].map(async (i) => {
      const m = machine(`shard-${i}`);
      const env = {
        ...process.env,
        ...remoteEnv(WRITE, { TV_RUN_ID: runId }),
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        NX_ISOLATE_PLUGINS: 'false',
        NX_CACHE_DIRECTORY: m.cacheDir,
        CI: 'true',
      };
      const r = await run(process.execPath, [join(REPO_ROOT, 'tools/shard/index.js'), '--shard', `${i}/2`, '--run'], { cwd: m.root, env });
      if (r.code !== 0) throw new Error(`shard ${i}/2 failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
      const planned = new RegExp(`^shard ${i}/2: (\\d+) of 2 projects: (.*)$`, 'm').exec(r.stderr);
      expect(planned).not.toBeNull();
      const names = planned![2].split(', ');
      expect(hitsAndMisses(m.cacheDir)).toEqual({ hits: [], misses: names.map((p) => `${p}:sleeve`) });
      return names;
    }),
  );
  // Even, disjoint, complete, and without the meta-portfolio (it runs after the shards).
  expect(shardNames).toEqual([['alpha'], ['beta']]);

  const writesBefore = await metric('nx_cache_writes_total');
  const meta = machine('meta-job');
  runNx(meta, ['run-many', '-t', 'sleeve', '--projects=meta'], remoteEnv(WRITE, { TV_RUN_ID: runId }));
  const tasks = lastRun(meta.cacheDir);
  expect(tasks['alpha:sleeve'].cacheStatus).toBe('remote-cache-hit');
  expect(tasks['beta:sleeve'].cacheStatus).toBe('remote-cache-hit');
  expect(tasks['meta:sleeve'].cacheStatus).toBe('cache-miss');
  expect(await metric('nx_cache_writes_total')).toBe(writesBefore + 1); // only the meta-portfolio was new
  expect(JSON.parse(readFileSync(join(meta.root, 'dist/sleeves/meta', runId, 'result.json'), 'utf8')).status).toBe('success');
});
