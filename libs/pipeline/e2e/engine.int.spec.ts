/**
 * The pipelines under the real engine (isolated child processes, sandbox with a symlinked lakehouse
 * view, archiver zips): two sleeves and a meta-portfolio on a small generated lakehouse. Checks the
 * zip layout the meta reads, the tearsheet copy, the audit chain inside the zip and that two runs
 * give byte-identical zips.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { verifyAuditChain } from '../src/audit';
import { DIST, drive, requireDist } from './fixtures/driver';

const REPO = resolve(__dirname, '../../..');
const DRIVER = join(__dirname, 'fixtures', 'run-engine.js');

interface EngineRun {
  error?: string;
  lines: string[];
  results: { name: string; status: string; error?: string; zipSha256: string; files: { path: string }[]; outputPath: string }[];
}

function runEngine(waves: unknown[][]): Promise<EngineRun> {
  return new Promise((res, rej) =>
    execFile(process.execPath, [DRIVER, JSON.stringify({ waves })], { maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return rej(new Error(`${err.message}\n${stderr}`));
      const parsed = JSON.parse(stdout.trim().split('\n').pop()!);
      if (parsed.error) return rej(new Error(parsed.error));
      res(parsed);
    }),
  );
}

const sleeveProfile = (name: string, symbols: string[], engine: string) => ({
  name,
  universe: { symbols },
  data: { lookbackDays: 500, minDaysFloor: 200, strictHealth: false },
  selection: { topN: 4, threshold: -1, mode: 'momentum' },
  risk: { engine, maxWeight: 0.5, clusterCap: 1 },
  backtest: { trainWindow: 63, testWindow: 21, stepSize: 21, costBps: 10, benchmark: 'AMEX_SPY' },
});

describe('pipelines under the real engine', () => {
  let ws: string;
  beforeAll(async () => {
    requireDist();
    if (!existsSync(join(REPO, 'packages/nx-sleeves/dist/engine/index.js'))) throw new Error('packages/nx-sleeves/dist is missing: run `npm run build` first');
    ws = mkdtempSync(join(tmpdir(), 'nxs-engine-e2e-'));
    if (existsSync(join(REPO, 'sleeve.defaults.json'))) cpSync(join(REPO, 'sleeve.defaults.json'), join(ws, 'sleeve.defaults.json'));
    expect(await drive({ cmd: 'lakehouse', outDir: join(ws, 'data/lakehouse') })).toMatchObject({ ok: true });
    const write = (project: string, file: string, content: unknown) => {
      mkdirSync(join(ws, 'apps', project), { recursive: true });
      writeFileSync(join(ws, 'apps', project, file), JSON.stringify(content, null, 2));
    };
    write('eq', 'sleeve.json', sleeveProfile('eq', ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO'], 'min_variance'));
    write('alt', 'sleeve.json', sleeveProfile('alt', ['AMEX_TLT', 'AMEX_GLD', 'AMEX_IEF', 'BINANCE_BTCUSDT', 'BINANCE_ETHUSDT'], 'hrp'));
    write('top', 'meta-portfolio.json', {
      name: 'top',
      sleeves: [
        { id: 'eq', project: 'eq' },
        { id: 'alt', project: 'alt' },
      ],
      allocation: { engine: 'risk_parity', minWeight: 0.2, maxWeight: 0.8 },
    });
  }, 60_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  function waves(outRoot: string) {
    const spec = (profile: string, meta = false) => ({
      name: profile,
      profile,
      runId: 'e2e',
      pipeline: meta ? join(DIST, 'meta', 'index.js') : join(DIST, 'index.js'),
      lakehouse: join(ws, 'data/lakehouse'),
      outputPath: join(ws, outRoot, profile, 'e2e'),
      workspaceRoot: ws,
      projectRoot: join(ws, 'apps', profile),
      memoryMb: 512,
      options: meta ? { sleeveInputs: ['eq', 'alt'].map((p) => ({ id: p, project: p, profile: p, runId: 'e2e', outputPath: `${outRoot}/${p}/e2e` })) } : {},
    });
    return [[spec('eq'), spec('alt')], [spec('top', true)]];
  }

  it('runs sleeves then the meta, with the zip layout and audit chain intact, byte-identical twice', async () => {
    const a = await runEngine(waves('dist/a'));
    expect(a.results.map((r) => `${r.name}:${r.status}${r.error ? ` ${r.error}` : ''}`)).toEqual(['eq:success', 'alt:success', 'top:success']);
    for (const r of a.results) {
      const zip = unzipSync(readFileSync(join(r.outputPath, 'artifacts.zip')));
      const names = Object.keys(zip);
      for (const f of [
        'artifacts/audit.jsonl',
        'artifacts/data/oos_returns.csv',
        'artifacts/data/weights.json',
        'artifacts/reports/tearsheet.html',
        'logs/sleeve.log',
      ]) {
        expect(names).toContain(f);
      }
      expect(existsSync(join(r.outputPath, 'tearsheet.html'))).toBe(true);
      // the audit chain verifies against the zipped artifacts
      const dir = mkdtempSync(join(tmpdir(), 'nxs-engine-unzip-'));
      for (const [name, bytes] of Object.entries(zip)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      expect(verifyAuditChain(join(dir, 'artifacts/audit.jsonl'), { artifactsDir: join(dir, 'artifacts') })).toMatchObject({ ok: true });
      const log = Buffer.from(zip['logs/sleeve.log']).toString('utf8');
      expect(log).toMatch(/\[1\/\d\] /);
      expect(log).not.toContain(ws);
      rmSync(dir, { recursive: true, force: true });
    }
    // progress lines reach the engine's prefixed terminal output
    expect(a.lines.some((l) => l.startsWith('[top]') && l.includes('[3/4] allocate'))).toBe(true);

    // same inputs again from scratch (the meta's resolved config names its input folders, so same paths)
    rmSync(join(ws, 'dist/a'), { recursive: true, force: true });
    const b = await runEngine(waves('dist/a'));
    expect(b.results.map((r) => r.zipSha256)).toEqual(a.results.map((r) => r.zipSha256));
  }, 120_000);
});
