import { spawn } from 'node:child_process';
import { type ProcInfo, isAlive, parseStat, readProcessTable, readProcessTree, sleeveProcesses } from './process-table';

test('parses /proc/<pid>/stat even when the command name has spaces and parentheses', () => {
  const line = '4242 (my (weird) proc) S 4000 4100 4100 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 777 123456 300 18446744073709551615';
  expect(parseStat(line, 4096)).toEqual({ pid: 4242, state: 'S', ppid: 4000, pgid: 4100, startTime: 777, rssBytes: 300 * 4096 });
});

const p = (pid: number, ppid: number, pgid: number, state = 'S'): ProcInfo => ({ pid, ppid, pgid, state, rssBytes: pid, startTime: 0 });

test("a sleeve is its worker, the worker's descendants and its command groups (re-parented members too), minus zombies", () => {
  const table = new Map(
    [p(1, 0, 1), p(10, 1, 10), p(11, 10, 10), p(12, 11, 12), p(13, 12, 12), p(14, 1, 12), p(15, 10, 10, 'Z'), p(20, 1, 20)].map((x) => [x.pid, x]),
  );
  expect(
    sleeveProcesses(table, 10, [12])
      .map((x) => x.pid)
      .sort((a, b) => a - b),
  ).toEqual([10, 11, 12, 13, 14]);
  expect(sleeveProcesses(table, 99, []).map((x) => x.pid)).toEqual([]);
});

test('reads this process from the live table', () => {
  const me = readProcessTable().get(process.pid);
  expect(me?.ppid).toBe(process.ppid);
  expect(me!.rssBytes).toBeGreaterThan(1024 * 1024);
  expect(isAlive(process.pid)).toBe(true);
});

test("follows children through /proc: a spawned shell and its own child are in this process's tree", async () => {
  const child = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const grandchild = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  try {
    const tree = readProcessTree([process.pid]);
    expect(tree.get(child.pid!)?.ppid).toBe(process.pid);
    expect(tree.get(grandchild)?.ppid).toBe(child.pid);
    expect(sleeveProcesses(tree, process.pid, []).map((p) => p.pid)).toEqual(expect.arrayContaining([process.pid, child.pid, grandchild]));
  } finally {
    process.kill(grandchild, 'SIGKILL');
    child.kill('SIGKILL');
  }
});
