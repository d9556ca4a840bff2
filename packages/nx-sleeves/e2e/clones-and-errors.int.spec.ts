/**
 * End to end, real Nx runs: location independence (two clones in different folders), the TV_RUN_ID default with
 * --no-batch, a broken sleeve.json, invalid plugin options, target description, Ctrl-C during a batch.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, git, hitsAndMisses, lastRun, linkNodeModules, nx, REPO_ROOT, sleeveJson, writeLakehouse } from './fixture';

jest.setTimeout(120_000);

let base: string;
let ws1: string;
let ws2: string;
const clean = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
const run = (root: string, args: string[], env?: NodeJS.ProcessEnv) => {
  const r = nx(root, args, { cacheDir: join(root, '.nx-test-cache'), env });
  return { ...r, output: clean(`${r.stdout}\n${r.stderr}`) };
};
const ok = (root: string, args: string[], env?: NodeJS.ProcessEnv) => {
  const r = run(root, args, env);
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} in ${root} failed (${r.status}):\n${r.output}`);
  return r;
};

/** Processes whose cwd or command line is inside `dir` (Linux /proc; empty elsewhere). */
function processesUnder(dir: string): string[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to read
      }
      if (cmd.includes(dir) || cwd.startsWith(dir)) found.push(`${pid} ${cmd}`);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'packages/nx-sleeves/dist/index.js'))) {
    throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` (npm test does) before the e2e tests');
  }
  base = mkdtempSync(join(tmpdir(), 'nxs-e2e-clones-'));
  ws1 = join(base, 'first');
  ws2 = join(base, 'elsewhere', 'second-clone');
  mkdirSync(ws1);
  createWorkspace(ws1);
  mkdirSync(join(base, 'elsewhere'));
  git(base, ['clone', '-q', ws1, ws2]);
  linkNodeModules(ws2);
  writeLakehouse(ws2);
  for (const ws of [ws1, ws2]) writeFileSync(join(ws, '.git/info/exclude'), '/.nx-test-cache/\n');
});

afterAll(() => {
  if (base && !process.env.NX_SLEEVES_KEEP_E2E) rmSync(base, { recursive: true, force: true });
});

test('two clones in different folders compute equal task hashes and byte-identical zips', () => {
  ok(ws1, ['run-many', '-t', 'sleeve']);
  ok(ws2, ['run-many', '-t', 'sleeve']);
  const a = lastRun(join(ws1, '.nx-test-cache'));
  const b = lastRun(join(ws2, '.nx-test-cache'));
  expect(Object.keys(a).sort()).toEqual(['alpha:sleeve', 'beta:sleeve', 'meta:sleeve']);
  for (const id of Object.keys(a)) {
    expect(a[id].cacheStatus).toBe('cache-miss'); // both computed, neither restored
    expect(b[id].cacheStatus).toBe('cache-miss');
    expect(b[id].hash).toBe(a[id].hash);
  }
  for (const p of ['alpha', 'beta', 'meta']) {
    const zip = (ws: string) => readFileSync(join(ws, 'dist/sleeves', p, 'dev', 'artifacts.zip'));
    expect(zip(ws2).equals(zip(ws1))).toBe(true);
  }
});

test('TV_RUN_ID sets the run id; --no-batch runs each sleeve in its own Nx process; outputs restore', () => {
  const env = { TV_RUN_ID: 'nightly' };
  const first = ok(ws2, ['run-many', '-t', 'sleeve', '--no-batch'], env);
  expect(first.output).not.toMatch(/tasks with nx-sleeves:sleeve/); // no batch
  expect(hitsAndMisses(join(ws2, '.nx-test-cache')).misses).toEqual(['alpha:sleeve', 'beta:sleeve', 'meta:sleeve']);
  const result = JSON.parse(readFileSync(join(ws2, 'dist/sleeves/alpha/nightly/result.json'), 'utf8'));
  expect(result).toMatchObject({ runId: 'nightly', status: 'success' });
  rmSync(join(ws2, 'dist/sleeves/alpha/nightly'), { recursive: true });
  ok(ws2, ['run-many', '-t', 'sleeve'], env);
  expect(hitsAndMisses(join(ws2, '.nx-test-cache')).misses).toEqual([]);
  expect(existsSync(join(ws2, 'dist/sleeves/alpha/nightly/artifacts.zip'))).toBe(true);
});

test('nx show project shows the inferred target with a description', () => {
  const project = JSON.parse(ok(ws1, ['show', 'project', 'alpha', '--json']).stdout);
  const target = project.targets.sleeve;
  expect(target.executor).toBe('nx-sleeves:sleeve');
  expect(target.metadata.description).toMatch(/Run the sleeve "alpha"/);
  expect(target.options).toMatchObject({ profile: 'alpha', cpus: 1, memoryMb: 512 });
});

test('a broken sleeve.json fails its own task with the file named and hides no other sleeve', () => {
  const file = join(ws1, 'apps/beta/sleeve.json');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, '{ "name": "beta", ');
  try {
    expect(ok(ws1, ['show', 'projects']).stdout.split('\n')).toEqual(expect.arrayContaining(['alpha', 'beta', 'meta']));
    const r = run(ws1, ['run-many', '-t', 'sleeve']);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/apps\/beta\/sleeve\.json: invalid JSON/);
    expect(r.output).not.toMatch(/\n\s+at .*\.js:\d+/); // a message, not a stack trace
    const tasks = lastRun(join(ws1, '.nx-test-cache'));
    expect(tasks['alpha:sleeve'].status).toBe(0);
    expect(tasks['beta:sleeve'].status).not.toBe(0);
  } finally {
    writeFileSync(file, good);
  }
});

test('invalid plugin options fail the graph naming the option', () => {
  const file = join(ws1, 'nx.json');
  const good = readFileSync(file, 'utf8');
  const json = JSON.parse(good);
  json.plugins[0].options = { cpus: 0, lakehous: 'x' };
  writeFileSync(file, JSON.stringify(json));
  try {
    const r = run(ws1, ['show', 'projects']);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/nx\.json plugin "nx-sleeves" option "(cpus|lakehous)": invalid value/);
  } finally {
    writeFileSync(file, good);
  }
});

test('SIGTERM during a batch cancels the running sleeves, reports each cancelled, leaves nothing behind', async () => {
  writeFileSync(join(ws1, 'apps/alpha/sleeve.json'), sleeveJson('alpha', 'slow'));
  writeFileSync(join(ws1, 'apps/beta/sleeve.json'), sleeveJson('beta', 'slow'));
  try {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'sleeve', '--runId=sigterm'], {
      cwd: ws1,
      env: {
        ...process.env,
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        NX_ISOLATE_PLUGINS: 'false',
        NX_CACHE_DIRECTORY: join(ws1, '.nx-test-cache'),
        NX_SLEEVES_CPUS: '2',
        NX_SLEEVES_LIVE_OUTPUT: 'true', // the test waits for the sleeves' live log lines (off by default outside the TUI)
        NO_COLOR: '1',
      },
      // Its own process group: the signal goes to the whole group, as from a terminal or a CI runner. (SIGTERM, not
      // SIGINT: on SIGINT Nx silences all output by design, so the report could not be checked.)
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sleeves did not start:\n${out}`)), 90_000);
      const check = setInterval(() => {
        if ((out.match(/slow sleeve started/g) ?? []).length >= 2) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
    });
    process.kill(-child.pid!, 'SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(clean(out)).toMatch(/\[alpha\] cancelled .*SIGTERM received/); // each task's own output
    expect(clean(out)).toMatch(/^alpha\s+cancelled/m); // the batch's summary table
    expect(clean(out)).toMatch(/^beta\s+cancelled/m);
    expect(clean(out)).toMatch(/^meta\s+cancelled/m); // waiting for its sleeves: cancelled before it started
    expect(existsSync(join(ws1, 'dist/sleeves/meta/sigterm'))).toBe(false);
    // Whatever the engine left is whole: no temp files beside the outputs.
    for (const p of ['alpha', 'beta']) {
      const dir = join(ws1, 'dist/sleeves', p, 'sigterm');
      const files = existsSync(dir) ? readdirSync(dir) : [];
      expect(files.filter((f) => !['artifacts.zip', 'result.json', 'tearsheet.html'].includes(f))).toEqual([]);
    }
    // No process of that run is left behind (sleeve workers run with the sandbox or workspace as cwd).
    expect(processesUnder(ws1)).toEqual([]);
  } finally {
    git(ws1, ['checkout', '--', 'apps']);
  }
});
