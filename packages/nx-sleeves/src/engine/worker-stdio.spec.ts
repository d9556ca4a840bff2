import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { WorkerStdio } from './worker-stdio';

function fakeWorker(pid: number) {
  const cp = Object.assign(new EventEmitter(), { pid, stdout: new PassThrough(), stderr: new PassThrough() });
  // as tinypool does: the child's output is piped into the parent's terminal
  cp.stdout.pipe(process.stdout);
  cp.stderr.pipe(process.stderr);
  return { process: cp };
}

test('adopts each worker once: unpipes it from the terminal, keeps its raw output and exit per pid', async () => {
  const w = fakeWorker(4242);
  const stdio = new WorkerStdio();
  const write = jest.spyOn(process.stderr, 'write');
  stdio.adopt({ threads: [w, { notAProcessWorker: true }] });
  stdio.adopt({ threads: [w] });
  stdio.claim(4242);
  w.process.stderr.write('FATAL ERROR: Reached heap limit\n');
  w.process.stdout.write('raw fd 1\n');
  await new Promise((r) => setImmediate(r));
  expect(write).not.toHaveBeenCalled();
  write.mockRestore();
  expect(stdio.take(4242).toString()).toBe('FATAL ERROR: Reached heap limit\nraw fd 1\n');
  expect(stdio.take(4242).length).toBe(0);
  w.process.emit('exit', null, 'SIGABRT');
  w.process.emit('close');
  await stdio.whenClosed(4242, 1000);
  expect(stdio.exitOf(4242)).toEqual({ code: null, signal: 'SIGABRT' });
  stdio.forget(4242);
  expect(stdio.exitOf(4242)).toBeUndefined();
});
