/**
 * Backtest realism, end to end on a fixture lakehouse written to a temp dir (the small generated market
 * plus hand-made symbols): point-in-time universe (a symbol that rallies and then delists), execution
 * lag, slippage, stepSize > testWindow, a held asset with missing bars and a benchmark listed late.
 * The compiled pipeline runs in a real node process (driver script), like pipeline.int.spec.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '../src/audit';
import { sharpe } from '../src/numerics';
import { drive, pipelineWorkspace } from './fixtures/driver';

const GOLDEN = join(__dirname, 'fixtures', 'golden');
const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

const RALLY_END = '2025-03-31';
// NYSE_BOOM rallies the same way but stops 3 trading days before the 2025-04-16 decision: its carried
// closes still make a complete train window there, so only the point-in-time rule keeps it out
const BOOM_END = '2025-04-11';
const EQUITIES = ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NASDAQ_NVDA', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'NYSE_JNJ', 'NYSE_CAT'];
const BASE = {
  universe: { symbols: [...EQUITIES, 'NYSE_BOOM', 'NYSE_RALLY'] },
  data: { lookbackDays: 500, minDaysFloor: 200, strictHealth: false },
  selection: { topN: 3, threshold: -1, mode: 'momentum' },
  risk: { engine: 'equal_weight', maxWeight: 1, clusterCap: 1 },
  backtest: { trainWindow: 63, testWindow: 21, stepSize: 21, costBps: 10, benchmark: 'AMEX_SPY', executionLag: 1 },
};

interface Outputs {
  matrix: { dates: string[]; ids: string[]; values: number[][] };
  history: { asOf: string; live: boolean; turnover: number; cost: number; weights: Record<string, number> }[];
  oos: { dates: string[]; returns: number[] };
  selection: { rebalances: { asOf: string; selected: { id: string }[] }[] };
  health: {
    failed: string[];
    pointInTime: { exclusions: Record<string, { from: string; to: string; kind: string; reason: string }[]>; rebalances: { asOf: string; eligible: number }[] };
  };
  metrics: {
    strategy: { sharpe: number; periodsPerYear: number };
    benchmark: { days: number; start: string; totalReturn: number; bestDay: number };
    benchmarkCoverage: { from: string; to: string; oosDays: number; days: number };
    rebalancing: { totalCost: number };
    execution: unknown;
    dataQuality: { heldWithoutBar: Record<string, number>; cashOuts: unknown[]; excludedAtSomeRebalance: string[] };
  };
  artifacts: string;
}

/**
 * An independent re-computation of the out-of-sample returns from the run's own files: the returns
 * matrix and the target weights of weights_history.csv, with the documented timing (decided at the
 * close of asOf, earning from lag rows later), costs and drift. Matches the pipeline to CSV rounding.
 */
function resimulate(o: Outputs, p: { lag: number; test: number; bps: number }) {
  const { dates, ids, values } = o.matrix;
  const rows = dates.length;
  const traded = o.history.filter((h) => !h.live);
  const ts = traded.map((h) => dates.indexOf(h.asOf) + 1);
  let held = new Map<string, number>();
  const outDates: string[] = [];
  const out: number[] = [];
  traded.forEach((h, k) => {
    const target = new Map(Object.entries(h.weights).filter(([, w]) => w !== 0));
    let turnover = 0;
    for (const id of new Set([...held.keys(), ...target.keys()])) turnover += Math.abs((target.get(id) ?? 0) - (held.get(id) ?? 0));
    const cost = (turnover * p.bps) / 10_000;
    held = new Map(target);
    const start = ts[k] + p.lag;
    const next = k + 1 < ts.length ? ts[k + 1] + p.lag : rows;
    const end = Math.min(start + p.test, next, rows);
    for (let d = start; d < end; d++) {
      let gross = 0;
      for (const [id, w] of held) {
        const r = values[d][ids.indexOf(id)];
        if (!Number.isNaN(r)) gross += w * r;
      }
      for (const [id, w] of [...held]) {
        const r = values[d][ids.indexOf(id)];
        if (Number.isNaN(r)) held.delete(id);
        else held.set(id, (w * (1 + r)) / (1 + gross));
      }
      outDates.push(dates[d]);
      out.push(d === start ? (1 - cost) * (1 + gross) - 1 : gross);
    }
  });
  return { dates: outDates, returns: out };
}

describe('backtest realism (real process, fixture lakehouse)', () => {
  let ws: string;
  let lakehouse: string;
  let n = 0;
  const rallyDates = weekdays('2023-01-02', RALLY_END);
  // flat with a wiggle until October 2024, then +1.5 % a day until it delists
  const rally = (dates: string[], phase: number) =>
    dates.map((d, i) => (d < '2024-10-01' ? 50 + Math.sin(i * 0.9 + phase) : 50 * 1.015 ** dates.filter((x) => x >= '2024-10-01' && x <= d).length));
  const rallyClose = rally(rallyDates, 0);
  const boomDates = weekdays('2023-01-02', BOOM_END);
  // NYSE_HOLEY: no bar on three separate days (a +20 % move happens over the first one)
  const holeyAll = weekdays('2023-01-02', '2025-12-31');
  const HOLES = ['2025-06-11', '2025-08-20', '2025-10-08'];
  const holeyClose: number[] = [];
  let px = 80;
  holeyAll.forEach((d, i) => {
    px = d === '2025-06-12' ? px * 1.2 : px * (1 + 0.004 * Math.sin(i * 1.3));
    holeyClose.push(px);
  });
  const keep = holeyAll.map((d) => !HOLES.includes(d));
  // NYSE_LATEBM: a benchmark listed on 2025-03-03
  const lateDates = weekdays('2025-03-03', '2025-12-31');

  beforeAll(async () => {
    ({ ws, lakehouse } = await pipelineWorkspace('nxs-realism-e2e-'));
    const eq = { exchange: 'NYSE', market: 'us_equity', assetClass: 'equity', sector: 'technology' };
    for (const s of [
      { info: { ...eq, id: 'NYSE_RALLY', symbol: 'RALLY' }, dates: rallyDates, close: rallyClose },
      { info: { ...eq, id: 'NYSE_BOOM', symbol: 'BOOM' }, dates: boomDates, close: rally(boomDates, 1) },
      { info: { ...eq, id: 'NYSE_HOLEY', symbol: 'HOLEY' }, dates: holeyAll.filter((_, i) => keep[i]), close: holeyClose.filter((_, i) => keep[i]) },
      { info: { ...eq, id: 'NYSE_LATEBM', symbol: 'LATEBM' }, dates: lateDates, close: lateDates.map((_, i) => 30 * 1.001 ** i) },
    ]) {
      expect(await drive({ cmd: 'add-symbol', lakehouseDir: lakehouse, ...s })).toMatchObject({ ok: true });
    }
  }, 90_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  async function runSleeve(profile: Record<string, unknown>): Promise<Outputs> {
    const project = `r${n++}`;
    const projectRoot = join(ws, 'apps', project);
    mkdirSync(projectRoot, { recursive: true });
    writeFileSync(join(projectRoot, 'sleeve.json'), JSON.stringify({ name: project, ...profile }, null, 2));
    const sandboxDir = mkdtempSync(join(tmpdir(), 'nxs-realism-sandbox-'));
    const result = await drive({ cmd: 'sleeve', workspaceRoot: ws, projectRoot, sandboxDir, lakehouseDir: lakehouse, profile: project, runId: 'e2e' });
    expect(result.error).toBeUndefined();
    const artifacts = join(sandboxDir, 'data', 'artifacts');
    const read = (f: string) => readFileSync(join(artifacts, f), 'utf8');
    const m = csv(read('data/returns_matrix.csv'));
    const h = csv(read('data/weights_history.csv'));
    const o = csv(read('data/oos_returns.csv')).slice(1);
    return {
      matrix: { ids: m[0].slice(1), dates: m.slice(1).map((r) => r[0]), values: m.slice(1).map((r) => r.slice(1).map((x) => (x === '' ? NaN : Number(x)))) },
      history: h.slice(1).map((r) => ({
        asOf: r[0],
        live: r[1] === '1',
        turnover: Number(r[2]),
        cost: Number(r[3]),
        weights: Object.fromEntries(h[0].slice(4).map((id, j) => [id, r[4 + j] === '' ? 0 : Number(r[4 + j])])),
      })),
      oos: { dates: o.map((r) => r[0]), returns: o.map((r) => Number(r[1])) },
      selection: JSON.parse(read('data/selection.json')),
      health: JSON.parse(read('data/health.json')),
      metrics: JSON.parse(read('reports/metrics.json')),
      artifacts,
    };
  }

  it('point in time: a symbol that rallies then delists is selectable before, never after, and its returns count', async () => {
    const o = await runSleeve(BASE);
    // the old whole-window audit would have dropped it from the entire backtest (its data ends early)
    expect(o.health.failed).toContain('NYSE_RALLY');
    const before = o.selection.rebalances.filter((r) => r.asOf <= RALLY_END);
    const after = o.selection.rebalances.filter((r) => r.asOf > RALLY_END);
    expect(after.length).toBeGreaterThan(5);
    expect(before.filter((r) => r.selected.some((s) => s.id === 'NYSE_RALLY')).length).toBeGreaterThanOrEqual(3);
    for (const r of after) expect(r.selected.map((s) => s.id)).not.toContain('NYSE_RALLY');
    // health.json says why, from the first decision after its last bar to the end
    const spans = o.health.pointInTime.exclusions.NYSE_RALLY;
    const last = spans[spans.length - 1];
    expect(last).toMatchObject({ from: after[0].asOf, to: after[after.length - 1].asOf, kind: 'no-price' });
    expect(last.reason).toContain(`last bar ${RALLY_END}`);
    // its returns while held are in the sleeve's returns: the sleeve earns its rally...
    const col = o.matrix.ids.indexOf('NYSE_RALLY');
    expect(col).toBeGreaterThanOrEqual(0);
    const re = resimulate(o, { lag: 1, test: 21, bps: 10 });
    expect(o.oos.dates).toEqual(re.dates);
    o.oos.returns.forEach((r, i) => expect(r).toBeCloseTo(re.returns[i], 6));
    const heldDays = o.oos.dates.filter((d) => d <= RALLY_END && d >= '2024-11-01');
    const oosOn = (d: string) => o.oos.returns[o.oos.dates.indexOf(d)];
    // ...(a third or more of the portfolio in a +1.5 %/day asset lifts most of those days)
    expect(heldDays.filter((d) => oosOn(d) > 0.004).length).toBeGreaterThan(heldDays.length / 2);
    // after its data ended: carried for at most maxGapDays (5) trading days, then no return (blank)
    const endRow = o.matrix.dates.indexOf(RALLY_END);
    expect(o.matrix.values.slice(endRow + 1, endRow + 6).map((r) => r[col])).toEqual([0, 0, 0, 0, 0]);
    expect(o.matrix.values.slice(endRow + 6).every((r) => Number.isNaN(r[col]))).toBe(true);
    // a holding at its end is sold at the next rebalance (carried price) or goes to cash — never lost
    const q = o.metrics.dataQuality;
    // NYSE_BOOM: selected before its end; at the first decision after it (3 trading days without a bar, still
    // within maxGapDays, so its matrix column is carried and complete) it has no current price: not eligible
    const boomAfter = o.selection.rebalances.filter((r) => r.asOf > BOOM_END);
    expect(boomAfter[0].asOf).toBe('2025-04-16');
    expect(o.selection.rebalances.filter((r) => r.asOf <= BOOM_END).some((r) => r.selected.some((x) => x.id === 'NYSE_BOOM'))).toBe(true);
    for (const r of boomAfter) expect(r.selected.map((x) => x.id)).not.toContain('NYSE_BOOM');
    const boomCol = o.matrix.ids.indexOf('NYSE_BOOM');
    const trainRows = o.matrix.values.slice(o.matrix.dates.indexOf('2025-04-16') - 62, o.matrix.dates.indexOf('2025-04-16') + 1);
    expect(trainRows.every((r) => !Number.isNaN(r[boomCol]))).toBe(true);
    expect(o.health.pointInTime.exclusions.NYSE_BOOM[0]).toMatchObject({ from: '2025-04-16', kind: 'no-price' });
    expect(o.health.pointInTime.exclusions.NYSE_BOOM[0].reason).toContain(`last bar ${BOOM_END}, 3 trading days without one`);
    // held when its data ended (bought at the close of 2025-03-19, the day after the 03-18 decision): carried
    // over 5 trading days without a bar, then its weight went to cash on the 6th (2025-04-08)
    expect(q.heldWithoutBar.NYSE_RALLY).toBe(5);
    expect(q.cashOuts).toEqual([{ id: 'NYSE_RALLY', date: '2025-04-08', weight: expect.any(Number) }]);
    expect(q.excludedAtSomeRebalance).toContain('NYSE_RALLY');
    expect(verifyAuditChain(join(o.artifacts, 'audit.jsonl'), { artifactsDir: o.artifacts })).toMatchObject({ ok: true, entries: 12 });
  }, 90_000);

  it('executionLag 0 reproduces the returns of the pipeline before this change byte for byte; lag 1 shifts them', async () => {
    // golden files: made with the pipeline at commit d218ae4 (before point-in-time health and execution
    // lag) on the same small lakehouse and profile (fixtures/golden/lag0-sleeve.json)
    const profile = JSON.parse(readFileSync(join(GOLDEN, 'lag0-sleeve.json'), 'utf8'));
    const lag0 = await runSleeve(profile);
    expect(readFileSync(join(lag0.artifacts, 'data/oos_returns.csv'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'lag0-oos_returns.csv'), 'utf8'));
    expect(readFileSync(join(lag0.artifacts, 'data/weights_history.csv'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'lag0-weights_history.csv'), 'utf8'));
    const lag1 = await runSleeve({ ...profile, backtest: { ...profile.backtest, executionLag: 1 } });
    // same decisions (targets), earning one row later
    expect(lag1.history.map((h) => [h.asOf, h.weights])).toEqual(lag0.history.map((h) => [h.asOf, h.weights]));
    expect(lag1.oos.dates[0]).toBe(lag0.oos.dates[1]);
    expect(lag1.oos.dates[0]).toBe(lag1.matrix.dates[profile.backtest.trainWindow + 1]);
    expect(lag1.oos.returns).not.toEqual(lag0.oos.returns.slice(1));
    const re = resimulate(lag1, { lag: 1, test: 21, bps: 10 });
    expect(lag1.oos.dates).toEqual(re.dates);
    lag1.oos.returns.forEach((r, i) => expect(r).toBeCloseTo(re.returns[i], 6));
    expect(lag1.metrics.execution).toEqual({ executionLag: 1, costBps: 10, slippageBps: 0 });
  }, 90_000);

  it('slippageBps is charged on traded notional on top of costBps', async () => {
    const o = await runSleeve({ ...BASE, universe: { symbols: EQUITIES }, backtest: { ...BASE.backtest, slippageBps: 15 } });
    for (const h of o.history) expect(h.cost).toBeCloseTo(h.turnover * 0.0025, 8);
    const re = resimulate(o, { lag: 1, test: 21, bps: 25 });
    o.oos.returns.forEach((r, i) => expect(r).toBeCloseTo(re.returns[i], 6));
    expect(o.metrics.rebalancing.totalCost).toBeCloseTo(
      o.history.filter((h) => !h.live).reduce((a, h) => a + h.cost, 0),
      6,
    );
  }, 90_000);

  it('stepSize > testWindow: holds 10 days, then cash until the next trade; no day dropped, exit and re-entry paid', async () => {
    const o = await runSleeve({ ...BASE, universe: { symbols: EQUITIES }, backtest: { ...BASE.backtest, testWindow: 10, stepSize: 21 } });
    const first = o.matrix.dates.indexOf(o.oos.dates[0]);
    expect(o.oos.dates).toEqual(o.matrix.dates.slice(first)); // every day from the first trade on
    const traded = o.history.filter((h) => !h.live);
    // each re-entry buys from cash: turnover 1 (all of it)
    for (const h of traded) expect(h.turnover).toBeCloseTo(1, 6);
    // the 11 rows after each 10-day hold are cash (0), except after the last one at the end of the data
    const zeros = o.oos.returns.filter((r) => r === 0).length;
    expect(zeros).toBeGreaterThanOrEqual(11 * (traded.length - 1));
    // total cost = entries + exits (Σ |held| × 10 bps at each exit ≈ one more turnover of ~1 each)
    const entries = traded.reduce((a, h) => a + h.cost, 0);
    expect(o.metrics.rebalancing.totalCost).toBeGreaterThan(entries + 0.0009 * (traded.length - 1));
  }, 90_000);

  it('a held asset with missing bars is carried (no move lost, days counted); a late benchmark is measured from its listing', async () => {
    const o = await runSleeve({
      ...BASE,
      universe: { symbols: ['NYSE_HOLEY', 'NYSE_KO'] },
      selection: { topN: 2, threshold: -10, mode: 'momentum' },
      backtest: { ...BASE.backtest, benchmark: 'NYSE_LATEBM' },
    });
    const col = o.matrix.ids.indexOf('NYSE_HOLEY');
    const row = (d: string) => o.matrix.values[o.matrix.dates.indexOf(d)][col];
    expect(row('2025-06-11')).toBe(0);
    // the +20 % on 2025-06-12 is measured from the last close before the missing day
    const i11 = holeyAll.indexOf('2025-06-10');
    expect(row('2025-06-12')).toBeCloseTo(holeyClose[i11 + 2] / holeyClose[i11] - 1, 7);
    const heldOn = (d: string) => o.oos.dates.includes(d);
    expect(o.metrics.dataQuality.heldWithoutBar.NYSE_HOLEY).toBe(HOLES.filter(heldOn).length);
    expect(HOLES.filter(heldOn).length).toBeGreaterThanOrEqual(2);
    // benchmark listed 2025-03-03: its first return is on the next trading day; metrics only over its days
    const cov = o.metrics.benchmarkCoverage;
    expect(cov.from).toBe('2025-03-04');
    expect(cov.to).toBe('2025-12-31');
    expect(cov.oosDays).toBe(o.oos.dates.length);
    expect(cov.days).toBe(o.oos.dates.filter((d) => d >= '2025-03-04').length);
    expect(o.metrics.benchmark.days).toBe(cov.days);
    expect(o.metrics.benchmark.start).toBe('2025-03-04');
    const daily = 1.001 - 1;
    expect(o.metrics.benchmark.totalReturn).toBeCloseTo(1.001 ** cov.days - 1, 8);
    expect(o.metrics.benchmark.bestDay).toBeCloseTo(daily, 8);
    expect(sharpe(o.oos.returns, o.metrics.strategy.periodsPerYear)).toBeCloseTo(o.metrics.strategy.sharpe, 5);
  }, 90_000);
});
