import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commandOutcome, runCommand } from './run-command';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-run-command-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const opts = (signal: AbortSignal, lines: string[]) => ({
  cwd: dir,
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  writeLine: (l: string) => lines.push(l),
  pgidFile: path.join(dir, 'command.pgid'),
  signal,
});

test('runs the command in its own group, line by line, and maps its exit code', async () => {
  const lines: string[] = [];
  const r = await runCommand(['sh', '-c', 'echo out; echo err >&2; exit 4'], opts(new AbortController().signal, lines));
  expect(r).toEqual({ status: 'failed', error: 'command "sh" exited with code 4' });
  expect(lines.sort()).toEqual(['err', 'out']);
  expect(Number(fs.readFileSync(path.join(dir, 'command.pgid'), 'utf8'))).toBeGreaterThan(0);
});

test('a sleeve cancelled before its command started never starts it (nobody would stop it)', async () => {
  const lines: string[] = [];
  const c = new AbortController();
  c.abort(new Error('sleeve cancelled'));
  const marker = path.join(dir, 'ran');
  const r = await runCommand(['sh', '-c', `touch ${marker}`], opts(c.signal, lines));
  expect(r.status).toBe('failed');
  expect(r.error).toBe('command "sh" not started: the sleeve was cancelled');
  expect(fs.existsSync(marker)).toBe(false);
  expect(fs.existsSync(path.join(dir, 'command.pgid'))).toBe(false);
});

test('a launcher reporting its child killed by a fatal signal (128 + n) is a crash, other codes a failure', async () => {
  const lines: string[] = [];
  const r = await runCommand(['sh', '-c', 'kill -SEGV $$; exit 0'], opts(new AbortController().signal, lines));
  expect(r).toEqual({ status: 'crashed', error: 'command "sh" was killed by signal SIGSEGV' });
  const wrapped = await runCommand(['sh', '-c', 'sh -c "kill -SEGV \\$\\$"; exit $?'], opts(new AbortController().signal, lines));
  expect(wrapped).toEqual({ status: 'crashed', error: 'command "sh" exited with code 139 (128 + SIGSEGV: the process crashed)' });
  expect(commandOutcome('uv', 134, null)).toEqual({ status: 'crashed', error: 'command "uv" exited with code 134 (128 + SIGABRT: the process crashed)' });
  expect(commandOutcome('uv', 1, null)).toEqual({ status: 'failed', error: 'command "uv" exited with code 1' });
  expect(commandOutcome('uv', 130, null)).toEqual({ status: 'failed', error: 'command "uv" exited with code 130' });
});
