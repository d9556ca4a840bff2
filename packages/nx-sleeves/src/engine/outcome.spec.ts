import { decideOutcome } from './outcome';

const f = { name: 'x', memoryMb: 128, peakRssMb: 140, logText: '' };

test("the engine's own kill reasons win", () => {
  expect(decideOutcome({ ...f, killReason: 'oom' })).toEqual({ status: 'oom', error: 'sleeve x exceeded its memory limit of 128 MB (peak 140 MB)' });
  expect(decideOutcome({ ...f, killReason: 'timeout', timeoutMs: 90000 })).toEqual({ status: 'timeout', error: 'sleeve x timed out after 90 s' });
  expect(decideOutcome({ ...f, killReason: 'cancelled', cancelReason: 'SIGINT', outcome: { status: 'success', maxRssMb: 1 } })).toEqual({
    status: 'cancelled',
    error: 'sleeve x was cancelled: SIGINT',
  });
});

test('a worker answer is the pipeline verdict', () => {
  expect(decideOutcome({ ...f, outcome: { status: 'success', maxRssMb: 1 } })).toEqual({ status: 'success' });
  expect(decideOutcome({ ...f, outcome: { status: 'failed', error: 'boom', maxRssMb: 1 } })).toEqual({ status: 'failed', error: 'sleeve x failed: boom' });
});

test('a dead worker: V8 heap report → oom; exit code or signal → crashed', () => {
  const heap = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';
  expect(decideOutcome({ ...f, exit: { code: null, signal: 'SIGABRT' }, logText: heap }).status).toBe('oom');
  expect(decideOutcome({ ...f, exit: { code: 3, signal: null } })).toEqual({ status: 'crashed', error: 'sleeve x crashed: exit code 3' });
  expect(decideOutcome({ ...f, recordedExitCode: 3 })).toEqual({ status: 'crashed', error: 'sleeve x crashed: exit code 3' });
  expect(decideOutcome({ ...f, exit: { code: null, signal: 'SIGSEGV' } })).toEqual({ status: 'crashed', error: 'sleeve x crashed: killed by signal SIGSEGV' });
  expect(decideOutcome({ ...f, taskError: 'Worker exited unexpectedly' })).toEqual({
    status: 'crashed',
    error: 'sleeve x crashed: worker exited unexpectedly',
  });
  expect(decideOutcome({ ...f, taskError: 'No handler function "runSleeveTask" exported from "/x.js"' }).error).toBe(
    'sleeve x crashed: No handler function "runSleeveTask" exported from "/x.js"',
  );
});
