import { decideSlurmOutcome, isTerminal, parseSacct, parseScontrolJob, parseSqueue, slurmOomPeakMb } from './states';

const base = { name: 'x', jobId: '7', memoryMb: 128, peakRssMb: 0, logText: '' };

test('squeue and scontrol parsing', () => {
  expect(parseSqueue('7|RUNNING|None\n8|PENDING|Resources\n')).toEqual(
    new Map([
      ['7', { state: 'RUNNING', reason: 'None' }],
      ['8', { state: 'PENDING', reason: 'Resources' }],
    ]),
  );
  expect(parseScontrolJob('JobId=9 JobName=a JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0')).toEqual({
    state: 'FAILED',
    reason: 'NonZeroExitCode',
    exitCode: 3,
  });
  expect(parseScontrolJob('JobId=9 JobState=FAILED Reason=JobLaunchFailure ExitCode=0:9')).toMatchObject({ exitCode: 0, signal: 9 });
  expect(parseScontrolJob('slurm_load_jobs error: Invalid job id specified')).toBeUndefined();
  expect(parseSacct('CANCELLED by 0|0:15\n')).toEqual({ state: 'CANCELLED', exitCode: 0, signal: 15 });
  expect(parseSacct('FAILED|3:0\n')).toEqual({ state: 'FAILED', exitCode: 3 });
  expect(parseSacct('')).toBeUndefined();
  expect(isTerminal('COMPLETING')).toBe(false);
  expect(isTerminal('OUT_OF_MEMORY')).toBe(true);
});

test('end states → statuses', () => {
  const d = (f: object) => decideSlurmOutcome({ ...base, ...f });
  expect(d({ end: { state: 'COMPLETED', exitCode: 0 }, outcome: { status: 'success', maxRssMb: 40 } })).toEqual({ status: 'success' });
  expect(d({ end: { state: 'COMPLETED', exitCode: 0 }, outcome: { status: 'failed', error: 'bad data', maxRssMb: 40 } })).toEqual({
    status: 'failed',
    error: 'sleeve x failed: bad data',
  });
  expect(d({ end: { state: 'FAILED', exitCode: 3 } })).toEqual({ status: 'crashed', error: 'sleeve x crashed: exit code 3' });
  expect(d({ end: { state: 'FAILED', exitCode: 0, signal: 11 } })).toEqual({ status: 'crashed', error: 'sleeve x crashed: killed by signal SIGSEGV' });
  expect(d({ end: { state: 'OUT_OF_MEMORY' }, peakRssMb: 200 }).status).toBe('oom');
  const log = 'slurmstepd-n1: error: StepId=6.batch exceeded memory limit (256008192 > 134217728), being killed';
  expect(slurmOomPeakMb(log)).toBe(245);
  expect(d({ end: { state: 'FAILED', exitCode: 0, signal: 9 }, logText: log, peakRssMb: 245 })).toEqual({
    status: 'oom',
    error: 'sleeve x exceeded its memory limit of 128 MB (Slurm job 7 killed by Slurm; peak 245 MB)',
  });
  expect(d({ end: { state: 'FAILED', signal: 6 }, logText: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }).status).toBe(
    'oom',
  );
  expect(d({ end: { state: 'TIMEOUT' } })).toEqual({ status: 'timeout', error: 'sleeve x reached its Slurm time limit (Slurm job 7 TIMEOUT)' });
  expect(d({ end: { state: 'CANCELLED' } }).status).toBe('cancelled');
  expect(d({ end: { state: 'NODE_FAIL', reason: 'NodeDown' } })).toEqual({
    status: 'crashed',
    error: 'sleeve x crashed: Slurm job 7 ended NODE_FAIL (NodeDown)',
  });
  expect(d({ end: { state: 'PREEMPTED' } }).status).toBe('crashed');
  expect(d({ killReason: 'timeout', timeoutMs: 1500, end: { state: 'CANCELLED' } })).toEqual({ status: 'timeout', error: 'sleeve x timed out after 1.5 s' });
  expect(d({ killReason: 'cancelled', cancelReason: 'SIGINT', end: { state: 'CANCELLED' } })).toEqual({
    status: 'cancelled',
    error: 'sleeve x was cancelled: SIGINT',
  });
  expect(d({ killReason: 'timeout', pending: { ms: 5000, reason: 'PartitionDown' } })).toEqual({
    status: 'timeout',
    error: 'sleeve x was still pending in Slurm after 5 s (Slurm job 7, reason: PartitionDown)',
  });
});
