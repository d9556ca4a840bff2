/** Command-mode import: every profile runs the team's own pipeline as an external command. */
import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMetaPortfolio, parseSleeveProfile } from '../../graph/profile';
import { splitCommand } from './command-mode';
import { importManifest } from './generator';
import type { ImportManifestGeneratorSchema } from './schema';

const TEXT = fs.readFileSync(path.join(__dirname, '__fixtures__', 'platform-manifest.json'), 'utf-8');
const COMMAND = 'uv run python -m scripts.run_production_pipeline --profile {profile} --run-id {runId}';
const META = 'uv run python -m scripts.run_meta_pipeline --profile {profile} --run-id {runId} --inputs {metaInputs}';

describe('splitCommand', () => {
  it.each([
    [COMMAND, ['uv', 'run', 'python', '-m', 'scripts.run_production_pipeline', '--profile', '{profile}', '--run-id', '{runId}']],
    [`python3 -c "print('a b')"  --out={artifactsDir}`, ['python3', '-c', "print('a b')", '--out={artifactsDir}']],
    [`x '' y`, ['x', '', 'y']],
  ])('%s', (text, argv) => expect(splitCommand(text)).toEqual(argv));
  it('refuses empty commands and unclosed quotes', () => {
    expect(splitCommand('   ')).toBeUndefined();
    expect(splitCommand('python3 "oops')).toBeUndefined();
  });
});

describe('import-manifest --mode command', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;
  const run = (o: Partial<ImportManifestGeneratorSchema> = {}) =>
    importManifest(tree, {
      manifest: 'configs/manifest.json',
      directory: 'apps/team',
      skipFormat: true,
      mode: 'command',
      command: COMMAND,
      metaCommand: META,
      pipelineInputs: 'tradingview_scraper/**/*.py,configs/**,uv.lock',
      envAllow: 'TV_*,PATH,PYTHONPATH,UV_*',
      ...o,
    });
  const failure = async (o: Partial<ImportManifestGeneratorSchema>) =>
    run(o).then(
      () => 'no error',
      (e: Error) => e.message,
    );
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('configs/manifest.json', TEXT);
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("writes sleeves and metas that run the command with the manifest's profile name, its inputs and env list", async () => {
    const r = await run({ prefix: 'py-' });
    const sleeve = readJson(tree, 'apps/team/py-crypto_rating_all/sleeve.json');
    expect(sleeve).toEqual({
      name: 'py-crypto_rating_all',
      description: 'Composite rating strategy, dynamic direction',
      notes: "Imported from configs/manifest.json, profile crypto_rating_all; runs the team's pipeline.",
      command: ['uv', 'run', 'python', '-m', 'scripts.run_production_pipeline', '--profile', 'crypto_rating_all', '--run-id', '{runId}'],
      pipelineInputs: ['tradingview_scraper/**/*.py', 'configs/**', 'uv.lock'],
      envAllow: ['TV_*', 'PATH', 'PYTHONPATH', 'UV_*'],
    });
    expect(parseSleeveProfile(sleeve, 'x/sleeve.json')).toMatchObject({ name: 'py-crypto_rating_all', command: sleeve.command });
    const meta = readJson(tree, 'apps/team/py-meta_fractal/meta-portfolio.json');
    expect(meta.command).toEqual([
      'uv',
      'run',
      'python',
      '-m',
      'scripts.run_meta_pipeline',
      '--profile',
      'meta_fractal',
      '--run-id',
      '{runId}',
      '--inputs',
      '{metaInputs}',
    ]);
    expect(meta.sleeves).toEqual([
      { id: 'crypto_branch', project: 'py-meta_benchmark_fresh' },
      { id: 'tradfi_sleeve', project: 'py-institutional_etf' },
      { id: 'bonds', project: 'py-bond_carry' },
    ]);
    expect(parseMetaPortfolio(meta, 'x/meta-portfolio.json').command).toEqual(meta.command);
    // the team's pipeline reads its own manifest: nothing is refused or reported as unmapped
    expect(r.refused).toEqual({});
    expect(r.projects.map((p) => p.name)).toEqual(expect.arrayContaining(['py-bybit_spot_trend', 'py-crypto_sharpe']));
    expect(warn).not.toHaveBeenCalled();
    expect(readJson(tree, 'apps/team/nx-sleeves-import.json').imports['configs/manifest.json'].mode).toBe('command');
  });

  it('fails with one line naming the option for a missing or bad command, meta command, glob or variable', async () => {
    expect(await failure({ command: undefined })).toBe(
      '--command: expected a command line such as "uv run python -m scripts.run_production_pipeline --profile {profile} --run-id {runId}", got undefined',
    );
    expect(await failure({ command: 'python3 "x' })).toMatch(/^--command: expected a command line such as .*, got "python3 \\"x"$/);
    expect(await failure({ metaCommand: undefined })).toBe(
      '--metaCommand: expected the command of your meta-portfolio pipeline (the manifest has meta profiles: meta_benchmark, meta_benchmark_fresh, meta_single, meta_production, meta_fractal, meta_crypto_sharpe), got undefined',
    );
    expect(await failure({ pipelineInputs: 'src/**,../secrets/**' })).toBe(
      '--pipelineInputs: expected comma-separated workspace-relative globs (no "..", no leading "/" or "!"), got "src/**,../secrets/**"',
    );
    expect(await failure({ envAllow: 'PYTHON-PATH' })).toBe('--envAllow: expected comma-separated variable names or PREFIX_* patterns, got "PYTHON-PATH"');
    expect(await failure({ mode: 'python' as never })).toBe('--mode: expected module or command, got "python"');
    expect(tree.exists('apps/team')).toBe(false);
  });
});
