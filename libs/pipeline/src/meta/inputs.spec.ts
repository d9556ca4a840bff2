import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { writeSleeveOutput } from './__fixtures__/sleeve-output';
import { describeGateFailures, loadSleeveInputs, parseOosCsv, parseSleeveInputs, type SleeveInput } from './inputs';

const input = (id: string): SleeveInput => ({ id, project: `proj-${id}`, profile: id, runId: 'r1', outputPath: `dist/sleeves/${id}/r1` });

describe('parseSleeveInputs', () => {
  it('accepts the executor shape', () => {
    expect(parseSleeveInputs({ sleeveInputs: [input('a')] })).toEqual([input('a')]);
  });
  it.each([
    [{}, 'options.sleeveInputs: expected an array of { id, project, profile, runId, outputPath }, got undefined'],
    [{ sleeveInputs: [{ ...input('a'), runId: '../x' }] }, 'options.sleeveInputs[0].runId: expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../x"'],
    [
      { sleeveInputs: [{ ...input('a'), outputPath: '../../etc' }] },
      'options.sleeveInputs[0].outputPath: expected a path relative to the workspace root inside it, got "../../etc"',
    ],
    [
      { sleeveInputs: [{ ...input('a'), outputPath: '/abs' }] },
      'options.sleeveInputs[0].outputPath: expected a path relative to the workspace root inside it, got "/abs"',
    ],
    [{ sleeveInputs: [input('a'), input('a')] }, 'options.sleeveInputs[1].id: duplicate sleeve id "a"'],
    [{ sleeveInputs: [{ id: 'a' }] }, 'options.sleeveInputs[0].project: expected a non-empty string, got undefined'],
  ])('rejects %j', (opts, msg) => {
    expect(() => parseSleeveInputs(opts as Record<string, unknown>)).toThrow(msg);
  });
});

describe('parseOosCsv', () => {
  it('parses and validates', () => {
    expect(parseOosCsv('date,return\n2020-01-01,0.5\n', 'f')).toEqual({ dates: ['2020-01-01'], returns: [0.5] });
    expect(() => parseOosCsv('d,r\n', 'f')).toThrow('f: expected header "date,return", got "d,r"');
    expect(() => parseOosCsv('date,return\n2020-01-01,x\n', 'f')).toThrow('f line 2: expected YYYY-MM-DD,<number>, got "2020-01-01,x"');
    expect(() => parseOosCsv('date,return\n2020-01-02,1\n2020-01-01,1\n', 'f')).toThrow('f line 3: date 2020-01-01 is not after 2020-01-02');
  });
});

describe('loadSleeveInputs (the strict gate)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'nxs-meta-inputs-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('loads the exact declared outputs', () => {
    writeSleeveOutput(root, 'dist/sleeves/a/r1', {});
    writeSleeveOutput(root, 'dist/sleeves/a/r2', { oos: 'date,return\n2020-01-01,0.99\n' }); // another run: never read
    const { loaded, failures } = loadSleeveInputs(root, [input('a')]);
    expect(failures).toEqual([]);
    expect(loaded[0].returns).toEqual([0.01, -0.02]);
    expect(loaded[0].weights).toEqual({ X_A: 0.5, X_B: 0.5 });
  });

  it('lists every failed, missing or broken sleeve', () => {
    writeSleeveOutput(root, 'dist/sleeves/ok/r1', {});
    writeSleeveOutput(root, 'dist/sleeves/bad/r1', { status: 'failed', error: 'health audit failed for 1 of 3 symbols' });
    writeSleeveOutput(root, 'dist/sleeves/oom/r1', { status: 'oom', error: 'exceeded 128 MB' });
    writeSleeveOutput(root, 'dist/sleeves/nozip/r1', { omit: ['artifacts/data/weights.json'] });
    writeSleeveOutput(root, 'dist/sleeves/wrongrun/r1', { runId: 'r0' });
    const inputs = ['ok', 'bad', 'oom', 'missing', 'nozip', 'wrongrun'].map(input);
    const { loaded, failures } = loadSleeveInputs(root, inputs);
    expect(loaded.map((l) => l.input.id)).toEqual(['ok']);
    expect(failures).toEqual([
      { id: 'bad', reason: 'failed: health audit failed for 1 of 3 symbols' },
      { id: 'oom', reason: 'oom: exceeded 128 MB' },
      { id: 'missing', reason: 'no result at dist/sleeves/missing/r1/result.json (run r1 of proj-missing has not produced output)' },
      { id: 'nozip', reason: 'dist/sleeves/nozip/r1/artifacts.zip has no artifacts/data/weights.json' },
      { id: 'wrongrun', reason: 'dist/sleeves/wrongrun/r1/result.json has runId "r0", expected "r1"' },
    ]);
    expect(describeGateFailures(inputs.length, failures)).toMatch(
      /^meta-portfolio gate: 5 of 6 sleeves not usable, nothing written: bad \(failed: health audit/,
    );
  });

  it('detects a zip that does not match its result.json', () => {
    writeSleeveOutput(root, 'dist/sleeves/a/r1', {});
    writeFileSync(join(root, 'dist/sleeves/a/r1/artifacts.zip'), zipSync({ x: strToU8('y') }));
    expect(loadSleeveInputs(root, [input('a')]).failures[0].reason).toMatch(/artifacts.zip has sha256 \w+, result.json says \w+/);
  });
});
