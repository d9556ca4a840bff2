import { jobScript, parseJobId, pilotSbatchArgs, pilotScript, sbatchArgs, shQuote } from './job';
import { PILOT_DEFAULTS, validateSlurmOptions } from './options';

const req = {
  profile: 'crypto',
  runId: 'r1',
  cpus: 1.5,
  memoryMb: 512,
  sandboxDir: '/s/b',
  logFile: '/s/b/data/logs/sleeve.log',
  jobScript: '/s/b/.control/job.sh',
};

test('sbatch argv: name, cpus rounded up, memory, log, env, no requeue, settings, script last', () => {
  const o = validateSlurmOptions({ partition: 'batch', account: 'quant', qos: 'low', extraArgs: ['--constraint=avx2'] });
  expect(sbatchArgs({ ...req, timeoutMs: 61_000 }, o)).toEqual([
    '--parsable',
    '--job-name=crypto-r1',
    '--cpus-per-task=2',
    '--mem=512M',
    '--output=/s/b/data/logs/sleeve.log',
    '--error=/s/b/data/logs/sleeve.log',
    '--open-mode=append',
    '--chdir=/s/b',
    '--export=ALL',
    '--no-requeue',
    '--time=2',
    '--partition=batch',
    '--account=quant',
    '--qos=low',
    '--constraint=avx2',
    '/s/b/.control/job.sh',
  ]);
  expect(sbatchArgs(req, validateSlurmOptions(undefined))).not.toContainEqual(expect.stringMatching(/^--time/));
});

test('job script execs node with the heap flag; quoting survives quotes', () => {
  expect(jobScript('/usr/bin/node', 448, '/d/slurm-main.js', "/t/it's/task.json")).toBe(
    "#!/bin/sh\n# nx-sleeves: one sleeve, run by the same worker code as the local backend\nexec '/usr/bin/node' '--max-old-space-size=448' '/d/slurm-main.js' '/t/it'\\''s/task.json'\n",
  );
  expect(shQuote('a b')).toBe("'a b'");
});

test('job id from --parsable output', () => {
  expect(parseJobId('42\n')).toBe('42');
  expect(parseJobId('42;cluster\n')).toBe('42');
  expect(() => parseJobId('Submitted batch job 42')).toThrow(/sbatch printed no job id/);
});

test('settings validation: one line naming the field', () => {
  expect(validateSlurmOptions(undefined)).toEqual({ pollMs: 250, maxInFlight: 64 });
  expect(validateSlurmOptions({ mode: 'pilot', pilotCpus: 2 })).toEqual({ pollMs: 250, maxInFlight: 64, mode: 'pilot', pilotCpus: 2 });
  expect(() => validateSlurmOptions({ mode: 'pilots' })).toThrow('slurm.mode: invalid value "pilots"; expected one of job, pilot');
  expect(() => validateSlurmOptions({ pilotMemoryMb: 10 })).toThrow('slurm.pilotMemoryMb: invalid value 10; expected an integer >= 64');
  expect(() => validateSlurmOptions({ pollMs: 0 }, 'nx.json slurm')).toThrow('nx.json slurm.pollMs: invalid value 0; expected an integer >= 10');
  expect(() => validateSlurmOptions({ partition: 'a b' })).toThrow('slurm.partition: invalid value "a b"; expected a Slurm name');
  expect(() => validateSlurmOptions({ sharedDir: 'rel' })).toThrow('slurm.sharedDir: invalid value "rel"; expected an absolute path');
  expect(() => validateSlurmOptions({ extraArgs: ['x'] })).toThrow(/slurm.extraArgs: .*each starting with "-"/);
  expect(() => validateSlurmOptions({ parition: 'x' })).toThrow(/slurm.parition: invalid value "x"; expected no such setting/);
  expect(() => validateSlurmOptions('x')).toThrow(/^slurm: invalid value "x"; expected an object/);
});

test('pilot job: sized by the pilot settings, site settings kept, its script runs slurm-pilot.js on the queue folder', () => {
  const o = {
    ...PILOT_DEFAULTS,
    ...validateSlurmOptions({ mode: 'pilot', pilotCpus: 4, pilotMemoryMb: 8000, pilotIdleMs: 5000, partition: 'batch', extraArgs: ['--time=60'] }),
  };
  const args = pilotSbatchArgs('/q/.pilots-x', o);
  expect(args).toEqual(
    expect.arrayContaining([
      '--parsable',
      '--cpus-per-task=4',
      '--mem=8000M',
      '--output=/q/.pilots-x/pilot-%j.log',
      '--no-requeue',
      '--partition=batch',
      '--time=60',
    ]),
  );
  expect(args[args.length - 1]).toBe('/q/.pilots-x/pilot.sh');
  expect(pilotScript('/usr/bin/node', '/d/worker/slurm-pilot.js', '/q/.pilots-x', o, 3000)).toContain(
    "exec '/usr/bin/node' '/d/worker/slurm-pilot.js' '/q/.pilots-x' '4' '8000' '5000' '3000'",
  );
});
