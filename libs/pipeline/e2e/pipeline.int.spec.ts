/**
 * The production pipeline end to end on a small generated lakehouse: the compiled library runs in a
 * real node process (the driver builds a PipelineContext by hand, no engine), writes real files, and
 * these tests check every artifact, the audit chain, determinism and the error messages.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '../src/audit';
import { annualVol, sharpe } from '../src/numerics';
import { drive, pipelineWorkspace, runProject as runIn } from './fixtures/driver';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]))
    .sort();
}
const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

const BASE_PROFILE = {
  name: 'e2e-sleeve',
  description: 'e2e test sleeve',
  universe: { symbols: ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NASDAQ_NVDA', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'NYSE_JNJ', 'NYSE_CAT', 'NYSE_PLTR'] },
  data: { lookbackDays: 500, minDaysFloor: 200, strictHealth: false },
  selection: { topN: 5, threshold: -1, mode: 'momentum' },
  risk: { engine: 'hrp', maxWeight: 0.4, clusterCap: 0.6 },
  backtest: { trainWindow: 126, testWindow: 21, stepSize: 21, costBps: 10, benchmark: 'AMEX_SPY' },
};

describe('production pipeline (real process, small lakehouse)', () => {
  let ws: string;
  let lakehouse: string;
  let n = 0;

  beforeAll(async () => {
    ({ ws, lakehouse } = await pipelineWorkspace('nxs-pipeline-e2e-'));
  }, 60_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  /** A sleeve project with the given profile, run in a fresh sandbox. */
  async function runSleeve(profile: unknown, opts: { project?: string; env?: Record<string, string>; exportTo?: string } = {}) {
    const project = opts.project ?? `p${n++}`;
    return runIn(
      { ws, lakehouse, sandboxPrefix: 'nxs-pipeline-sandbox-' },
      { kind: 'sleeve', project, file: 'sleeve.json', content: profile, env: opts.env, exportTo: opts.exportTo },
    );
  }

  it('writes every artifact of the six stages, consistently', async () => {
    const { result, artifacts, logs, sandboxDir } = await runSleeve(BASE_PROFILE);
    expect(result.error).toBeUndefined();
    expect(result.progress!.map((p) => p.split(':')[0])).toEqual([
      '[1/6] resolve profile',
      '[2/6] health audit',
      '[3/6] returns matrix',
      '[4/6] selection',
      '[5/6] walk-forward backtest',
      '[6/6] report',
    ]);
    expect(listFiles(artifacts)).toEqual([
      'audit.jsonl',
      'config/resolved_profile.json',
      'data/health.json',
      'data/oos_returns.csv',
      'data/returns_matrix.csv',
      'data/selection.json',
      'data/weights.json',
      'data/weights_history.csv',
      'reports/metrics.json',
      'reports/report.md',
      'reports/tearsheet.html',
    ]);
    const read = (f: string) => readFileSync(join(artifacts, f), 'utf8');

    const resolved = JSON.parse(read('config/resolved_profile.json'));
    expect(resolved.profile.risk.engine).toBe('hrp');
    expect(resolved.universe.map((u: { id: string }) => u.id)).toEqual([...BASE_PROFILE.universe.symbols].sort());

    // the small lakehouse lists PLTR late: in the window audit a warning or a failure with too few days; point
    // in time it is not eligible until it has a full train window and minDaysFloor bars, then it is
    const health = JSON.parse(read('data/health.json'));
    expect(health.symbols).toHaveLength(9);
    expect(health.healthy).toEqual(expect.arrayContaining(['NASDAQ_AAPL', 'NYSE_XOM']));
    const pltr = health.pointInTime.exclusions.NYSE_PLTR as { from: string; to: string; kind: string }[];
    expect(pltr.map((x) => x.kind)).toEqual(['listing', 'history']);
    expect(health.pointInTime.rebalances[health.pointInTime.rebalances.length - 1].eligible).toBe(9);
    expect(Object.keys(health.pointInTime.exclusions)).toEqual(['NYSE_PLTR']);

    // every symbol with data in the window is a column (eligibility is decided per rebalance)
    const matrix = csv(read('data/returns_matrix.csv'));
    expect(matrix[0][0]).toBe('date');
    expect(matrix[0].slice(1)).toEqual(health.pointInTime.symbols);
    expect(matrix[0].slice(1)).toHaveLength(9);
    expect(matrix.length - 1).toBe(500);

    const selection = JSON.parse(read('data/selection.json'));
    for (const r of selection.rebalances) {
      expect(r.selected.length).toBeLessThanOrEqual(5);
      expect(r.trainStart < r.asOf).toBe(true);
    }

    // out-of-sample returns start after the first train window and the execution lag (default 1), dates strictly increasing
    const oos = csv(read('data/oos_returns.csv'));
    expect(oos[0]).toEqual(['date', 'return']);
    const oosDates = oos.slice(1).map((r) => r[0]);
    const oosReturns = oos.slice(1).map((r) => Number(r[1]));
    expect(oosDates[0]).toBe(matrix[1 + 126 + 1][0]);
    for (let i = 1; i < oosDates.length; i++) expect(oosDates[i] > oosDates[i - 1]).toBe(true);
    expect(oosDates[oosDates.length - 1]).toBe(matrix[matrix.length - 1][0]);

    // latest weights: sorted keys, Σ = 1, each within maxWeight
    const weightsText = read('data/weights.json');
    const weights = JSON.parse(weightsText) as Record<string, number>;
    expect(Object.keys(weights)).toEqual(Object.keys(weights).sort());
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 8);
    for (const w of Object.values(weights)) expect(w).toBeLessThanOrEqual(0.4 + 1e-8);

    const history = csv(read('data/weights_history.csv'));
    expect(history[0].slice(0, 4)).toEqual(['date', 'live', 'turnover', 'cost']);
    expect(history[history.length - 1][1]).toBe('1'); // the live rebalance is last
    for (const row of history.slice(1)) {
      const s = row.slice(4).reduce((a, x) => a + (x === '' ? 0 : Number(x)), 0);
      expect(s).toBeCloseTo(1, 6);
      expect(Number(row[3])).toBeCloseTo(Number(row[2]) * 0.001, 8); // 10 bps of turnover
    }

    // metrics agree with the returns file (numerics' definitions)
    const metrics = JSON.parse(read('reports/metrics.json'));
    expect(metrics.strategy.days).toBe(oosReturns.length);
    // annualised with the periods per year observed in the dates: 365.25 × (n − 1) / span in days
    const spanDays = (Date.parse(oosDates[oosDates.length - 1]) - Date.parse(oosDates[0])) / 86_400_000;
    const ppy = (365.25 * (oosReturns.length - 1)) / spanDays;
    expect(metrics.strategy.periodsPerYear).toBeCloseTo(ppy, 8);
    expect(metrics.strategy.sharpe).toBeCloseTo(sharpe(oosReturns, ppy), 6);
    expect(metrics.strategy.annualVol).toBeCloseTo(annualVol(oosReturns, ppy), 6);
    expect(metrics.strategy.cagr).toBeCloseTo(oosReturns.reduce((e, x) => e * (1 + x), 1) ** (ppy / oosReturns.length) - 1, 8);
    expect(metrics.benchmark.id).toBe('AMEX_SPY');

    const html = read('reports/tearsheet.html');
    expect(html).toMatch(/<svg id="equity-chart"[^]*<path class="series"[^>]* d="M[\d.]+,[\d.]+L/);
    expect(html).toMatch(/<svg id="drawdown-chart"[^]*<path class="series"[^>]* d="M[\d.]+,[\d.]+L/);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i); // self-contained, no network
    expect(html).toContain('e2e-sleeve');
    expect(read('reports/report.md')).toMatch(/^# e2e-sleeve/);

    // audit: 6 stages × (intent, outcome), every file hashed, chain verifies
    const audit = read('audit.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toHaveLength(12);
    expect(audit.filter((e) => e.event === 'outcome').every((e) => e.status === 'ok')).toBe(true);
    const recorded = audit.flatMap((e) => (e.files ?? []).map((f: { path: string }) => f.path)).sort();
    expect(recorded).toEqual(listFiles(artifacts).filter((f) => f !== 'audit.jsonl'));
    expect(verifyAuditChain(join(artifacts, 'audit.jsonl'), { artifactsDir: artifacts })).toMatchObject({ ok: true, entries: 12 });

    // determinism rule: no absolute paths in artifacts or logs
    for (const f of [...listFiles(artifacts).map((x) => join(artifacts, x)), join(logs, 'sleeve.log')]) {
      const text = readFileSync(f, 'utf8');
      expect(text.includes(sandboxDir) || text.includes(ws)).toBe(false);
    }

    // tampering with an artifact after the run is detected
    writeFileSync(join(artifacts, 'data/weights.json'), weightsText.replace(/0\.\d/, '0.9'));
    expect(verifyAuditChain(join(artifacts, 'audit.jsonl'), { artifactsDir: artifacts }).error).toMatch(
      /recorded file data\/weights.json has sha256 .*file altered/,
    );
  }, 60_000);

  it('is deterministic: two runs in different sandboxes give byte-identical artifacts and logs', async () => {
    const a = await runSleeve({ ...BASE_PROFILE, risk: { ...BASE_PROFILE.risk, engine: 'min_variance' } }, { project: 'det-a' });
    const b = await runSleeve({ ...BASE_PROFILE, risk: { ...BASE_PROFILE.risk, engine: 'min_variance' } }, { project: 'det-b' });
    expect(a.result.ok && b.result.ok).toBe(true);
    const files = listFiles(a.artifacts);
    expect(listFiles(b.artifacts)).toEqual(files);
    for (const f of files)
      expect(`${f}:${readFileSync(join(b.artifacts, f)).toString('hex')}`).toBe(`${f}:${readFileSync(join(a.artifacts, f)).toString('hex')}`);
    expect(readFileSync(join(b.logs, 'sleeve.log'))).toEqual(readFileSync(join(a.logs, 'sleeve.log')));
  }, 60_000);

  it.each(['equal_weight', 'inverse_vol', 'risk_parity'])(
    'runs the %s engine and respects maxWeight',
    async (engine) => {
      const r = await runSleeve({ ...BASE_PROFILE, risk: { engine, maxWeight: 0.3, clusterCap: 1 }, selection: { topN: 6, threshold: -1, mode: 'sharpe' } });
      expect(r.result.error).toBeUndefined();
      const w = Object.values(JSON.parse(readFileSync(join(r.artifacts, 'data/weights.json'), 'utf8'))) as number[];
      expect(w.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 8);
      for (const x of w) expect(x).toBeLessThanOrEqual(0.3 + 1e-8);
    },
    60_000,
  );

  it('keeps every rebalance within maxWeight when a sector cap redistributes weight', async () => {
    // inverse vol, top 6, maxWeight 0.25, sector cap 0.4: capping a crowded sector used to pour its excess
    // into the assets of the other sectors with no regard for maxWeight (17 of 19 rebalances over it)
    const r = await runSleeve({
      ...BASE_PROFILE,
      risk: { engine: 'inverse_vol', maxWeight: 0.25, clusterCap: 0.4 },
      selection: { topN: 6, threshold: -1, mode: 'momentum' },
    });
    expect(r.result.error).toBeUndefined();
    const history = csv(readFileSync(join(r.artifacts, 'data/weights_history.csv'), 'utf8'));
    expect(history.length).toBeGreaterThan(5);
    for (const row of history.slice(1)) {
      const w = row.slice(4).map((x) => (x === '' ? 0 : Number(x)));
      const held = w.filter((x) => x > 0).length;
      // a cap below 1/n is raised to 1/n (docs/pipeline.md)
      for (const x of w) expect(x).toBeLessThanOrEqual(Math.max(0.25, 1 / held) + 1e-8);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  }, 60_000);

  it('applies TV_ environment overrides', async () => {
    const r = await runSleeve(BASE_PROFILE, { env: { TV_RISK__ENGINE: 'equal_weight' } });
    expect(r.result.progress![0]).toContain('equal_weight');
    expect(JSON.parse(readFileSync(join(r.artifacts, 'config/resolved_profile.json'), 'utf8')).profile.risk.engine).toBe('equal_weight');
  }, 60_000);

  describe('bad profiles and bad data', () => {
    it('names the file and field of a bad profile value', async () => {
      const r = await runSleeve({ ...BASE_PROFILE, risk: { ...BASE_PROFILE.risk, engine: 'foo' } }, { project: 'bad-engine' });
      expect(r.result.ok).toBe(false);
      expect(r.result.error).toMatch(
        /apps\/bad-engine\/sleeve\.json: risk\.engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, max_sharpe, got "foo"/,
      );
      expect(r.result.error).not.toContain(ws);
      // the failure is audited too, and nothing after the failed stage is written
      const audit = readFileSync(join(r.artifacts, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(audit.map((e) => `${e.stage}:${e.event}:${e.status ?? ''}`)).toEqual(['resolve profile:intent:', 'resolve profile:outcome:failed']);
      expect(listFiles(r.artifacts)).toEqual(['audit.jsonl']);
    }, 60_000);

    it('rejects unknown symbols', async () => {
      const r = await runSleeve({ ...BASE_PROFILE, universe: { symbols: ['NASDAQ_AAPL', 'NYSE_NOPE'] } });
      expect(r.result.error).toMatch(/NYSE_NOPE/);
    }, 60_000);

    it('rejects an unknown benchmark', async () => {
      const r = await runSleeve({ ...BASE_PROFILE, backtest: { ...BASE_PROFILE.backtest, benchmark: 'AMEX_NOPE' } });
      expect(r.result.error).toMatch(/^backtest\.benchmark: unknown symbol "AMEX_NOPE", expected an id listed in the lakehouse/);
    }, 60_000);

    it('rejects windows longer than the data', async () => {
      const r = await runSleeve({
        ...BASE_PROFILE,
        data: { ...BASE_PROFILE.data, lookbackDays: 300 },
        backtest: { ...BASE_PROFILE.backtest, trainWindow: 290, testWindow: 21 },
      });
      expect(r.result.ok).toBe(false);
      expect(r.result.error).toMatch(/trainWindow/);
    }, 60_000);

    it('with strictHealth, fails the sleeve naming the unhealthy symbol', async () => {
      // the small lakehouse's XRP has a 20-bar gap, its SOL is listed late
      const r = await runSleeve({
        ...BASE_PROFILE,
        universe: { symbols: ['BINANCE_BTCUSDT', 'BINANCE_ETHUSDT', 'BINANCE_XRPUSDT'] },
        data: { lookbackDays: 2500, minDaysFloor: 200, strictHealth: true },
        backtest: { ...BASE_PROFILE.backtest, benchmark: 'BINANCE_BTCUSDT' },
      });
      expect(r.result.error).toMatch(/^health audit failed for 1 of 3 symbols \(data\.strictHealth is true\): BINANCE_XRPUSDT: gap of \d+ trading days/);
      expect(existsSync(join(r.artifacts, 'data/health.json'))).toBe(true); // the evidence is kept
    }, 60_000);

    it('without strictHealth, excludes the gappy symbol only at the rebalances whose train window has the gap, and says so', async () => {
      const r = await runSleeve({
        ...BASE_PROFILE,
        universe: { symbols: ['BINANCE_BTCUSDT', 'BINANCE_ETHUSDT', 'BINANCE_XRPUSDT'] },
        data: { lookbackDays: 2500, minDaysFloor: 200, strictHealth: false },
        backtest: { ...BASE_PROFILE.backtest, benchmark: 'BINANCE_BTCUSDT' },
      });
      expect(r.result.ok).toBe(true);
      expect(r.result.progress![1]).toMatch(
        /^\[2\/6\] health audit: \d+–3 of 3 eligible per rebalance \(\d+ rebalances\), excluded at some: .*BINANCE_XRPUSDT \([^)]*gap/,
      );
      const pit = JSON.parse(readFileSync(join(r.artifacts, 'data/health.json'), 'utf8')).pointInTime;
      const gap = (pit.exclusions.BINANCE_XRPUSDT as { from: string; to: string; kind: string; reason: string }[]).find((x) => x.kind === 'gap')!;
      expect(gap.reason).toMatch(/^gap of 20 trading days ending \d{4}-\d{2}-\d{2}, expected at most 5 \(data\.maxGapDays\)$/);
      // eligible again (all 3) before the gap and once it has left the 126-day train window
      const full = (pit.rebalances as { asOf: string; eligible: number }[]).filter((x) => x.eligible === 3);
      expect(full.some((x) => x.asOf < gap.from)).toBe(true);
      expect(full.some((x) => x.asOf > gap.to)).toBe(true);
    }, 60_000);

    it('names a corrupt Parquet file', async () => {
      const broken = join(ws, 'broken-lakehouse');
      cpSync(lakehouse, broken, { recursive: true });
      writeFileSync(join(broken, 'NYSE_KO_1d.parquet'), 'not parquet');
      const projectRoot = join(ws, 'apps', 'corrupt');
      mkdirSync(projectRoot, { recursive: true });
      writeFileSync(join(projectRoot, 'sleeve.json'), JSON.stringify(BASE_PROFILE));
      const sandboxDir = mkdtempSync(join(tmpdir(), 'nxs-pipeline-sandbox-'));
      const r = await drive({ cmd: 'sleeve', workspaceRoot: ws, projectRoot, sandboxDir, lakehouseDir: broken, profile: 'corrupt', runId: 'e2e' });
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/NYSE_KO_1d\.parquet/);
      expect(r.error).not.toContain(broken);
    }, 60_000);
  });
});
