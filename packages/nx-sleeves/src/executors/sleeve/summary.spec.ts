import type { SleeveResult } from '../../engine';
import { formatSummary, forSummary, tearsheetPaths } from './summary';

const result = (over: Partial<SleeveResult>): SleeveResult =>
  ({
    name: 'a',
    profile: 'a',
    runId: 'dev',
    status: 'success',
    attempts: 1,
    durationMs: 1500,
    peakRssMb: 120.4,
    outputPath: '/ws/dist/sleeves/a/dev',
    zipBytes: 2048,
    ...over,
  }) as SleeveResult;

describe('formatSummary', () => {
  it('prints one aligned row per sleeve', () => {
    const text = formatSummary([
      { name: 'alpha', result: result({}) },
      { name: 'meta-portfolio', result: result({ status: 'oom', durationMs: 250, peakRssMb: 0, zipBytes: 0 }) },
      { name: 'broken', status: 'invalid' },
    ]);
    expect(text.split('\n')).toEqual([
      'sleeve          status   duration  peak memory  zip size',
      '--------------  -------  --------  -----------  --------',
      'alpha           success  1.5 s     120 MB       2.0 KB',
      'meta-portfolio  oom      250 ms    -            -',
      'broken          invalid  -         -            -',
    ]);
  });
});

describe('tearsheetPaths', () => {
  it('lists the tearsheets that exist, workspace-relative', () => {
    const results = [result({}), result({ outputPath: '/ws/dist/sleeves/b/dev' })];
    expect(tearsheetPaths('/ws', results, (p) => p.startsWith('/ws/dist/sleeves/a'))).toEqual(['dist/sleeves/a/dev/tearsheet.html']);
  });
});

describe('forSummary', () => {
  it('keeps what the summary, tearsheet list and dashboard read, and drops the terminal output, log tail and files', () => {
    const full = result({ terminalOutput: 'x\n'.repeat(5000), logTail: ['a', 'b'], files: [{ path: 'artifacts/a', size: 1, sha256: 'f' }], error: 'e' });
    const slim = forSummary(full);
    expect(slim).toEqual({ ...full, terminalOutput: '', logTail: [], files: [] });
    expect(formatSummary([{ name: 'a', result: slim }])).toBe(formatSummary([{ name: 'a', result: full }]));
    expect(tearsheetPaths('/ws', [slim], () => true)).toEqual(tearsheetPaths('/ws', [full], () => true));
  });
});
