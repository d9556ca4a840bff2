/**
 * The meta-portfolio pipeline end to end: real sleeve runs on a small generated lakehouse are
 * exported like the engine does (artifacts.zip + result.json), then the compiled meta pipeline runs
 * in a real node process on exactly those outputs: gate, join, allocation bounds, flattening, its own
 * audit chain, and a nested meta-portfolio built on another meta's outputs.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../src/audit';
import { pipelineWorkspace, runProject as runIn } from './fixtures/driver';

const profile = (name: string, symbols: string[], engine: string, benchmark: string) => ({
  name,
  universe: { symbols },
  data: { lookbackDays: 500, minDaysFloor: 200, strictHealth: false },
  selection: { topN: 4, threshold: -1, mode: 'sharpe' },
  risk: { engine, maxWeight: 0.5, clusterCap: 1 },
  backtest: { trainWindow: 63, testWindow: 21, stepSize: 21, costBps: 10, benchmark },
});

describe('meta-portfolio pipeline (real processes)', () => {
  let ws: string;
  let lakehouse: string;

  const input = (id: string, project: string) => ({ id, project, profile: project, runId: 'e2e', outputPath: `dist/sleeves/${project}/e2e` });

  async function runProject(kind: 'sleeve' | 'meta', project: string, file: string, content: unknown, options?: Record<string, unknown>) {
    const exportTo = join(ws, 'dist', 'sleeves', project, 'e2e');
    const { result, artifacts } = await runIn({ ws, lakehouse, sandboxPrefix: 'nxs-meta-sandbox-' }, { kind, project, file, content, options, exportTo });
    return { result, artifacts };
  }

  const meta = (name: string, sleeves: { id: string; project: string }[], engine = 'hrp', minWeight = 0.1, maxWeight = 0.8) => ({
    name,
    description: `${name} e2e`,
    sleeves,
    allocation: { engine, minWeight, maxWeight },
  });

  beforeAll(async () => {
    ({ ws, lakehouse } = await pipelineWorkspace('nxs-meta-e2e-'));
    const sleeves = await Promise.all([
      runProject(
        'sleeve',
        'us',
        'sleeve.json',
        profile('us', ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'NYSE_JNJ'], 'inverse_vol', 'AMEX_SPY'),
      ),
      runProject('sleeve', 'etf', 'sleeve.json', profile('etf', ['AMEX_SPY', 'AMEX_TLT', 'AMEX_GLD', 'AMEX_IEF', 'AMEX_QQQ'], 'risk_parity', 'AMEX_SPY')),
      // crypto trades dearer: 30 bps + 10 bps slippage (the meta's default rate for it is 40)
      runProject('sleeve', 'crypto', 'sleeve.json', {
        ...profile('crypto', ['BINANCE_BTCUSDT', 'BINANCE_ETHUSDT', 'BINANCE_DOGEUSDT'], 'equal_weight', 'BINANCE_BTCUSDT'),
        backtest: { trainWindow: 63, testWindow: 21, stepSize: 21, costBps: 30, slippageBps: 10, benchmark: 'BINANCE_BTCUSDT' },
      }),
    ]);
    for (const s of sleeves) expect(s.result.error).toBeUndefined();
    // a sleeve that fails (bad engine) — the engine still exports result.json with status failed
    const bad = await runProject('sleeve', 'broken', 'sleeve.json', { ...profile('broken', ['NYSE_KO'], 'nope', 'AMEX_SPY') });
    expect(bad.result.ok).toBe(false);
  }, 120_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('joins, allocates within bounds, flattens to asset weights and audits', async () => {
    const { result, artifacts } = await runProject(
      'meta',
      'root',
      'meta-portfolio.json',
      meta(
        'root',
        [
          { id: 'us', project: 'us' },
          { id: 'etf', project: 'etf' },
          { id: 'crypto', project: 'crypto' },
        ],
        'hrp',
        0.2,
        0.5,
      ),
      {
        sleeveInputs: [input('us', 'us'), input('etf', 'etf'), input('crypto', 'crypto')],
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.progress!.map((p) => p.split(':')[0])).toEqual(['[1/4] sleeve gate', '[2/4] join returns', '[3/4] allocate', '[4/4] report']);
    const read = (f: string) => readFileSync(join(artifacts, f), 'utf8');

    // join: only the dates all three sleeves share (crypto weekends are compounded into Mondays)
    const joined = read('data/joined_returns.csv').trim().split('\n');
    expect(joined[0]).toBe('date,us,etf,crypto');
    const days = joined.slice(1).map((l) => new Date(`${l.split(',')[0]}T00:00:00Z`).getUTCDay());
    expect(days.every((d) => d >= 1 && d <= 5)).toBe(true);

    const sleeveW = JSON.parse(read('data/sleeve_weights.json')) as Record<string, number>;
    expect(Object.keys(sleeveW)).toEqual(['crypto', 'etf', 'us']);
    const sw = Object.values(sleeveW);
    expect(sw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 8);
    for (const w of sw) {
      expect(w).toBeGreaterThanOrEqual(0.2 - 1e-9);
      expect(w).toBeLessThanOrEqual(0.5 + 1e-9);
    }

    // flattening: meta asset weight = Σ sleeve weight × that sleeve's asset weight
    const assets = JSON.parse(read('data/weights.json')) as Record<string, number>;
    expect(Object.values(assets).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 8);
    expect(Object.keys(assets)).toEqual(expect.arrayContaining(['BINANCE_BTCUSDT', 'AMEX_TLT', 'NYSE_KO']));
    const resolved = JSON.parse(read('config/resolved_meta.json'));
    expect(resolved.inputs.map((i: { id: string }) => i.id)).toEqual(['us', 'etf', 'crypto']);

    const oos = read('data/oos_returns.csv').trim().split('\n');
    expect(oos[0]).toBe('date,return');
    expect(oos.length).toBeGreaterThan(100);
    const html = read('reports/tearsheet.html');
    expect(html).toContain('Sleeve allocation');
    expect(html).toMatch(/<svg id="equity-chart"[^]*<path class="series"[^>]* d="M[\d.]+,[\d.]+L/);
    expect(verifyAuditChain(join(artifacts, 'audit.jsonl'), { artifactsDir: artifacts })).toMatchObject({ ok: true, entries: 8 });
  }, 60_000);

  it('nests: a meta-portfolio can use another meta-portfolio as a sleeve', async () => {
    const branch = await runProject(
      'meta',
      'branch',
      'meta-portfolio.json',
      meta(
        'branch',
        [
          { id: 'crypto', project: 'crypto' },
          { id: 'etf', project: 'etf' },
        ],
        'inverse_vol',
      ),
      {
        sleeveInputs: [input('crypto', 'crypto'), input('etf', 'etf')],
      },
    );
    expect(branch.result.error).toBeUndefined();
    const top = await runProject(
      'meta',
      'top',
      'meta-portfolio.json',
      meta(
        'top',
        [
          { id: 'us', project: 'us' },
          { id: 'branch', project: 'branch' },
        ],
        'equal_weight',
        0,
        1,
      ),
      {
        sleeveInputs: [input('us', 'us'), input('branch', 'branch')],
      },
    );
    expect(top.result.error).toBeUndefined();
    const sw = JSON.parse(readFileSync(join(top.artifacts, 'data/sleeve_weights.json'), 'utf8'));
    expect(sw).toEqual({ branch: 0.5, us: 0.5 });
    // equal weight over (us, branch): every branch asset is scaled by one half
    const branchW = JSON.parse(readFileSync(join(branch.artifacts, 'data/weights.json'), 'utf8')) as Record<string, number>;
    const topW = JSON.parse(readFileSync(join(top.artifacts, 'data/weights.json'), 'utf8')) as Record<string, number>;
    expect(topW.AMEX_TLT).toBeCloseTo(0.5 * branchW.AMEX_TLT, 9);
    expect(topW.BINANCE_BTCUSDT).toBeCloseTo(0.5 * branchW.BINANCE_BTCUSDT, 9);
  }, 60_000);

  it("charges meta-level costs on sleeve turnover: each sleeve's own rate by default, or backtest.costBps", async () => {
    const sleeves = [
      { id: 'us', project: 'us' },
      { id: 'etf', project: 'etf' },
      { id: 'crypto', project: 'crypto' },
    ];
    const sleeveInputs = [input('us', 'us'), input('etf', 'etf'), input('crypto', 'crypto')];
    const run = (name: string, costBps?: number) =>
      runProject(
        'meta',
        name,
        'meta-portfolio.json',
        { ...meta(name, sleeves, 'inverse_vol', 0.1, 0.8), ...(costBps === undefined ? {} : { backtest: { costBps } }) },
        { sleeveInputs },
      );
    const [free, dflt, fixed] = await Promise.all([run('free', 0), run('dflt'), run('fixed', 25)]);
    for (const r of [free, dflt, fixed]) expect(r.result.error).toBeUndefined();
    const read = (r: { artifacts: string }, f: string) => readFileSync(join(r.artifacts, f), 'utf8');
    const hist = (r: { artifacts: string }) =>
      read(r, 'data/sleeve_weights_history.csv')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    const oos = (r: { artifacts: string }) =>
      read(r, 'data/oos_returns.csv')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    // default: the rates come from each sleeve's resolved profile in its zip
    expect(JSON.parse(read(dflt, 'config/resolved_meta.json')).costs).toEqual({ costBps: null, sleeves: { us: 10, etf: 10, crypto: 40 } });
    for (const row of hist(fixed)) expect(Number(row[3])).toBeCloseTo(Number(row[2]) * 0.0025, 8);
    for (const row of hist(free)) expect(Number(row[3])).toBe(0);
    const traded = hist(dflt).filter((row) => row[1] === '0');
    for (const row of traded) {
      // a turnover-weighted average of 10, 10 and 40 bps
      expect(Number(row[3])).toBeGreaterThanOrEqual(Number(row[2]) * 0.001 - 1e-8);
      expect(Number(row[3])).toBeLessThanOrEqual(Number(row[2]) * 0.004 + 1e-8);
    }
    expect(traded.some((row) => Number(row[3]) > Number(row[2]) * 0.0011)).toBe(true);
    // the cost is paid out of the portfolio on the first day of each hold, nothing else changes
    const f = oos(free);
    const d = oos(dflt);
    expect(d.map((x) => x[0])).toEqual(f.map((x) => x[0]));
    const firstDays = new Map(traded.map((row) => [row[0], Number(row[3])]));
    let charged = 0;
    d.forEach(([, r], i) => {
      const prev = i > 0 ? d[i - 1][0] : '';
      const cost = firstDays.get(prev) ?? (i === 0 ? Number(traded[0][3]) : undefined);
      if (cost !== undefined) {
        charged++;
        expect((1 + Number(r)) / (1 + Number(f[i][1]))).toBeCloseTo(1 - cost, 8);
      } else expect(Number(r)).toBeCloseTo(Number(f[i][1]), 9);
    });
    expect(charged).toBeGreaterThan(3);
    const metrics = JSON.parse(read(dflt, 'reports/metrics.json'));
    expect(metrics.rebalancing.totalCost).toBeCloseTo(
      traded.reduce((a, row) => a + Number(row[3]), 0),
      8,
    );
  }, 90_000);

  it("a nested meta-portfolio reads its child meta's cost rate (weighted by the child's live sleeve weights)", async () => {
    const child = await runProject(
      'meta',
      'child',
      'meta-portfolio.json',
      meta(
        'child',
        [
          { id: 'crypto', project: 'crypto' },
          { id: 'etf', project: 'etf' },
        ],
        'inverse_vol',
      ),
      {
        sleeveInputs: [input('crypto', 'crypto'), input('etf', 'etf')],
      },
    );
    expect(child.result.error).toBeUndefined();
    const parent = await runProject(
      'meta',
      'parent',
      'meta-portfolio.json',
      meta(
        'parent',
        [
          { id: 'us', project: 'us' },
          { id: 'child', project: 'child' },
        ],
        'equal_weight',
        0,
        1,
      ),
      {
        sleeveInputs: [input('us', 'us'), input('child', 'child')],
      },
    );
    expect(parent.result.error).toBeUndefined();
    const cw = JSON.parse(readFileSync(join(child.artifacts, 'data/sleeve_weights.json'), 'utf8'));
    const costs = JSON.parse(readFileSync(join(parent.artifacts, 'config/resolved_meta.json'), 'utf8')).costs;
    expect(costs.sleeves.us).toBe(10);
    expect(costs.sleeves.child).toBeCloseTo(cw.crypto * 40 + cw.etf * 10, 9);
  }, 90_000);

  it('strict gate: lists every failed or missing sleeve and writes nothing', async () => {
    const { result, artifacts } = await runProject(
      'meta',
      'gated',
      'meta-portfolio.json',
      meta('gated', [
        { id: 'us', project: 'us' },
        { id: 'broken', project: 'broken' },
        { id: 'ghost', project: 'ghost' },
      ]),
      {
        sleeveInputs: [input('us', 'us'), input('broken', 'broken'), input('ghost', 'ghost')],
      },
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^meta-portfolio gate: 2 of 3 sleeves not usable, nothing written: broken \(failed: .*risk\.engine.*\); ghost \(no result at dist\/sleeves\/ghost\/e2e\/result\.json/,
    );
    expect(existsSync(artifacts) ? readdirSync(artifacts) : []).toEqual([]);
  }, 60_000);

  it('a single sleeve is a meta-portfolio with weight 1 (asset weights from that sleeve alone)', async () => {
    const { result, artifacts } = await runProject('meta', 'single', 'meta-portfolio.json', meta('single', [{ id: 'us', project: 'us' }], 'hrp', 0, 1), {
      sleeveInputs: [input('us', 'us')],
    });
    expect(result.error).toBeUndefined();
    const read = (f: string) => JSON.parse(readFileSync(join(artifacts, f), 'utf8'));
    expect(read('data/sleeve_weights.json')).toEqual({ us: 1 });
    const assets = read('data/weights.json') as Record<string, number>;
    expect(Object.values(assets).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 8);
    for (const id of Object.keys(assets)) expect(['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'NYSE_JNJ']).toContain(id);
    // bounds a single sleeve cannot meet are still refused
    const tight = await runProject('meta', 'single-tight', 'meta-portfolio.json', meta('single-tight', [{ id: 'us', project: 'us' }], 'hrp', 0, 0.5), {
      sleeveInputs: [input('us', 'us')],
    });
    expect(tight.result.error).toBe('apps/single-tight/meta-portfolio.json: allocation.maxWeight: expected >= 1/1 (weights of 1 sleeves sum to 1), got 0.5');
  }, 60_000);

  it('rejects infeasible bounds clearly', async () => {
    const { result } = await runProject(
      'meta',
      'tight',
      'meta-portfolio.json',
      meta(
        'tight',
        [
          { id: 'us', project: 'us' },
          { id: 'etf', project: 'etf' },
        ],
        'hrp',
        0.6,
        0.9,
      ),
      {
        sleeveInputs: [input('us', 'us'), input('etf', 'etf')],
      },
    );
    expect(result.ok).toBe(false);
    expect(result.error).toBe('apps/tight/meta-portfolio.json: allocation.minWeight: expected <= 1/2 (weights of 2 sleeves sum to 1), got 0.6');
  }, 60_000);
});
