/**
 * Wiring of SlurmAttempt against a fake backend (no cluster): which Slurm commands an end costs, and when the
 * engine asks squeue early. The real-cluster behaviour is in slurm.int.spec.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sandboxLayout } from '../../../sandbox/layout';
import type { AttemptArgs } from '../types';
import type { JobState } from './states';
import { SlurmAttempt } from './slurm-attempt';
import type { SlurmBackend } from './slurm-backend';

interface Watched {
  onState(s: JobState): void;
  onGone(): void;
}

function fakeBackend() {
  const watched = new Map<string, Watched>();
  const b = {
    options: { pollMs: 5000, maxInFlight: 64 },
    submit: jest.fn(async () => '42'),
    watch: jest.fn((id: string, w: Watched) => void watched.set(id, w)),
    unwatch: jest.fn(),
    scancel: jest.fn(async () => undefined),
    jobEnd: jest.fn(async () => ({ state: 'FAILED', exitCode: 3 })),
    pollSoon: jest.fn(),
  };
  return { b, watched, backend: b as unknown as SlurmBackend };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-slurm-attempt-'));
  fs.mkdirSync(path.join(dir, '.control'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data', 'logs'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function args(): AttemptArgs {
  return {
    spec: { name: 'p', profile: 'p', runId: 'r', cpus: 1, memoryMb: 128 },
    sandboxDir: dir,
    task: { env: {} },
    limits: { memoryMb: 128 },
    heapMb: 64,
    morePending: false,
    emit: () => undefined,
  } as unknown as AttemptArgs;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not reached');
};

function writeOutcome(status: 'success' | 'failed') {
  fs.writeFileSync(sandboxLayout(dir).outcomeFile, JSON.stringify({ status, maxRssMb: 50 }));
}

describe('SlurmAttempt end of a job', () => {
  it('COMPLETED: decided from squeue state and outcome.json, without scontrol/sacct', async () => {
    const { b, watched, backend } = fakeBackend();
    const attempt = new SlurmAttempt(args(), backend);
    const run = attempt.run();
    await until(() => watched.has('42'));
    writeOutcome('success');
    watched.get('42')!.onState({ state: 'COMPLETED', reason: 'None' });
    const r = await run;
    expect(r.status).toBe('success');
    expect(b.jobEnd).not.toHaveBeenCalled();
  });

  it('FAILED: still reads the exit code (scontrol/sacct) and reports it', async () => {
    const { b, watched, backend } = fakeBackend();
    const attempt = new SlurmAttempt(args(), backend);
    const run = attempt.run();
    await until(() => watched.has('42'));
    watched.get('42')!.onState({ state: 'FAILED', reason: 'NonZeroExitCode' });
    const r = await run;
    expect(b.jobEnd).toHaveBeenCalledWith('42');
    expect(r.status).toBe('crashed');
    expect(r.error).toContain('exit code 3');
  });
});

describe('SlurmAttempt end seen from the worker files', () => {
  const exitCode = (code: number) => fs.writeFileSync(sandboxLayout(dir).exitCodeFile, String(code));

  it.each(['success', 'failed'] as const)('outcome.json (%s) + exit code 0: ends at once, no squeue state or scontrol needed', async (status) => {
    const { b, watched, backend } = fakeBackend();
    const attempt = new SlurmAttempt(args(), backend);
    const run = attempt.run();
    await until(() => watched.has('42'));
    writeOutcome(status);
    exitCode(0);
    attempt.tick();
    const r = await run;
    expect(r.status).toBe(status);
    expect(b.jobEnd).not.toHaveBeenCalled();
    expect(b.unwatch).toHaveBeenCalledWith('42');
  });

  it('outcome.json alone, or a non-zero exit code, waits for Slurm to say how the job ended', async () => {
    const { b, watched, backend } = fakeBackend();
    const attempt = new SlurmAttempt(args(), backend);
    let done = false;
    const run = attempt.run().finally(() => (done = true));
    await until(() => watched.has('42'));
    writeOutcome('success');
    attempt.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    exitCode(1);
    attempt.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    watched.get('42')!.onState({ state: 'FAILED', reason: 'NonZeroExitCode' });
    await run;
    expect(b.jobEnd).toHaveBeenCalledWith('42'); // decided from Slurm's end state, not early
  });
});
