/** `{metaInputs}`: a command meta-portfolio gets the path of a JSON file listing exactly the runs it reads. */
import type { ProjectConfiguration } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { prepareTask } from './prepare';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const sleeve = (profile: string, root: string): ProjectConfiguration => ({
  root,
  targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile } } },
});
const projects = {
  alpha: sleeve('alpha', 'apps/alpha'),
  beta: sleeve('beta', 'apps/beta'),
  meta: { root: 'apps/meta', targets: { sleeve: { executor: 'nx-sleeves:sleeve', cache: false, options: { profile: 'meta' } } } },
};
const prepare = (command: string[]) =>
  prepareTask({ id: 'meta:sleeve', project: 'meta', outputs: ['dist/sleeves/meta/dev'] }, { profile: 'meta', command }, { root, projects, env: {} });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nxs-metainputs-'));
  mkdirSync(join(root, 'data/lakehouse'), { recursive: true });
  write(
    'apps/meta/meta-portfolio.json',
    JSON.stringify({
      name: 'meta',
      sleeves: [
        { id: 'a', project: 'alpha', runId: 'Q4' },
        { id: 'b', project: 'beta' },
      ],
    }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('command meta-portfolios', () => {
  it("replaces {metaInputs} with a JSON file naming each sleeve's run, folder, zip and result.json", () => {
    write('dist/sleeves/alpha/Q4/result.json', JSON.stringify({ status: 'success' }));
    write('dist/sleeves/beta/dev/result.json', JSON.stringify({ status: 'success' }));
    const spec = prepare(['env', 'PYTHONPATH={workspaceDir}', 'python3', '-m', 'teampipe.meta', '--inputs', '{metaInputs}', '--out={artifactsDir}']);
    const file = join(root, 'tmp/meta-inputs/meta-dev.json');
    // {workspaceDir} and {metaInputs} are filled in by the executor; the engine fills the others in the sandbox
    expect(spec.command).toEqual(['env', `PYTHONPATH=${root}`, 'python3', '-m', 'teampipe.meta', '--inputs', file, '--out={artifactsDir}']);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toEqual({
      version: 1,
      meta: 'meta',
      runId: 'dev',
      workspaceRoot: root,
      sleeves: [
        {
          id: 'a',
          project: 'alpha',
          profile: 'alpha',
          runId: 'Q4',
          outputPath: 'dist/sleeves/alpha/Q4',
          outputDir: join(root, 'dist/sleeves/alpha/Q4'),
          zip: join(root, 'dist/sleeves/alpha/Q4/artifacts.zip'),
          result: join(root, 'dist/sleeves/alpha/Q4/result.json'),
        },
        {
          id: 'b',
          project: 'beta',
          profile: 'beta',
          runId: 'dev',
          outputPath: 'dist/sleeves/beta/dev',
          outputDir: join(root, 'dist/sleeves/beta/dev'),
          zip: join(root, 'dist/sleeves/beta/dev/artifacts.zip'),
          result: join(root, 'dist/sleeves/beta/dev/result.json'),
        },
      ],
    });
  });

  it('fails with one line giving the command that produces every missing run', () => {
    let message = '';
    try {
      prepare(['python3', '{metaInputs}']);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'apps/meta/meta-portfolio.json: 2 input run(s) missing; expected each to have run first: ' +
        'sleeve "a": no result at dist/sleeves/alpha/Q4/result.json (produce it with: npx nx run alpha:sleeve --runId=Q4); ' +
        'sleeve "b": no result at dist/sleeves/beta/dev/result.json (produce it with: npx nx run beta:sleeve --runId=dev)',
    );
    expect(message).not.toContain('\n');
  });
});
