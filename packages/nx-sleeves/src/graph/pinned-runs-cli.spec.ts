import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pinnedRunsFingerprint } from './pinned-runs-cli';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nxs-pinned-'));
  write('dist/sleeves/a/Q4/result.json', JSON.stringify({ status: 'success', runId: 'Q4', durationMs: 5 }));
  write('dist/sleeves/a/Q4/artifacts.zip', 'zip bytes v1');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('pinnedRunsFingerprint', () => {
  it('changes with the bytes of the pinned zip and its status, not with durations', () => {
    const base = pinnedRunsFingerprint(['dist/sleeves/a/Q4'], root);
    expect(base).toMatch(/^dist\/sleeves\/a\/Q4 result=success\/Q4 zip=[0-9a-f]{64}$/);
    write('dist/sleeves/a/Q4/result.json', JSON.stringify({ status: 'success', runId: 'Q4', durationMs: 999 }));
    expect(pinnedRunsFingerprint(['dist/sleeves/a/Q4'], root)).toBe(base);
    write('dist/sleeves/a/Q4/artifacts.zip', 'zip bytes v2');
    expect(pinnedRunsFingerprint(['dist/sleeves/a/Q4'], root)).not.toBe(base);
    write('dist/sleeves/a/Q4/artifacts.zip', 'zip bytes v1');
    write('dist/sleeves/a/Q4/result.json', JSON.stringify({ status: 'failed', runId: 'Q4' }));
    expect(pinnedRunsFingerprint(['dist/sleeves/a/Q4'], root)).not.toBe(base);
  });

  it('says "missing" for a run that is not there (so producing it later changes the key)', () => {
    expect(pinnedRunsFingerprint(['dist/sleeves/b/Q4'], root)).toBe('dist/sleeves/b/Q4 result=missing zip=missing');
  });

  it('prints nothing absolute and refuses paths outside the workspace', () => {
    expect(pinnedRunsFingerprint(['dist/sleeves/a/Q4'], root)).not.toContain(root);
    expect(() => pinnedRunsFingerprint([join(root, 'dist')], root)).toThrow(/workspace-relative/);
    expect(() => pinnedRunsFingerprint(['dist/../../x'], root)).toThrow(/workspace-relative/);
  });

  const cli = join(__dirname, '..', '..', 'dist', 'graph', 'pinned-runs-cli.js');
  (existsSync(cli) ? it : it.skip)('runs as the runtime-input command (compiled), in the workspace root', () => {
    const out = execFileSync(process.execPath, [cli, 'dist/sleeves/a/Q4', 'dist/sleeves/b/Q4'], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe(pinnedRunsFingerprint(['dist/sleeves/a/Q4', 'dist/sleeves/b/Q4'], root));
  });
});
