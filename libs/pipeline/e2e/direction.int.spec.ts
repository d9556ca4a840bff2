/**
 * Short and long/short sleeves, the max_sharpe engine and calendar-time metrics end to end: the compiled
 * pipeline runs in a real node process on a small generated lakehouse, and the test replays the
 * out-of-sample returns independently from returns_matrix.csv and weights_history.csv (signed weights,
 * drift, turnover, costs), then runs a meta-portfolio of a long and a short sleeve on their exported zips.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sharpe } from '../src/numerics';
import { pipelineWorkspace, runProject as runIn } from './fixtures/driver';

const SYMBOLS = ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NASDAQ_NVDA', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'NYSE_JNJ', 'NYSE_CAT', 'AMEX_TLT', 'AMEX_GLD'];
const BASE = {
  universe: { symbols: SYMBOLS },
  data: { lookbackDays: 500, minDaysFloor: 200, strictHealth: false },
  selection: { topN: 3, threshold: 0, mode: 'momentum' },
  risk: { engine: 'max_sharpe', maxWeight: 0.5, clusterCap: 1 },
  // executionLag 0 / slippage 0 spelled out: the replay below trades at the decision close
  backtest: { trainWindow: 126, testWindow: 21, stepSize: 21, costBps: 10, executionLag: 0, slippageBps: 0, benchmark: 'AMEX_SPY' },
};
const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Re-simulates the backtest from the written files: signed weights, drift on gross exposure, Σ|Δw| costs. */
function replay(matrixCsv: string, historyCsv: string, testWindow: number, costBps: number) {
  const mx = csv(matrixCsv);
  const ids = mx[0].slice(1);
  const dates = mx.slice(1).map((r) => r[0]);
  const values = mx.slice(1).map((r) => r.slice(1).map((x) => (x === '' ? 0 : Number(x))));
  const hist = csv(historyCsv);
  const cols = hist[0].slice(4).map((id) => ids.indexOf(id));
  const held = new Array<number>(ids.length).fill(0);
  const out: { dates: string[]; returns: number[]; turnover: number[] } = { dates: [], returns: [], turnover: [] };
  for (const row of hist.slice(1)) {
    const target = new Array<number>(ids.length).fill(0);
    row.slice(4).forEach((x, j) => (target[cols[j]] = Number(x)));
    const turnover = sum(target.map((w, a) => Math.abs(w - held[a])));
    out.turnover.push(turnover);
    if (row[1] === '1') break;
    const cost = (turnover * costBps) / 10_000;
    held.splice(0, held.length, ...target);
    const t = dates.indexOf(row[0]) + 1;
    for (let d = t; d < Math.min(t + testWindow, dates.length); d++) {
      const gross = sum(held.map((w, a) => w * values[d][a]));
      out.dates.push(dates[d]);
      out.returns.push(d === t ? (1 - cost) * (1 + gross) - 1 : gross);
      for (let a = 0; a < ids.length; a++) held[a] = (held[a] * (1 + values[d][a])) / (1 + gross);
    }
  }
  return out;
}

describe('direction, max_sharpe and calendar metrics (real processes, small lakehouse)', () => {
  let ws: string;
  let lakehouse: string;

  async function runProject(kind: 'sleeve' | 'meta', project: string, file: string, content: unknown, options?: Record<string, unknown>) {
    const exportTo = join(ws, 'dist', 'sleeves', project, 'e2e');
    const { result, artifacts } = await runIn({ ws, lakehouse, sandboxPrefix: 'nxs-direction-sandbox-' }, { kind, project, file, content, options, exportTo });
    return { result, read: (f: string) => readFileSync(join(artifacts, f), 'utf8') };
  }

  beforeAll(async () => {
    ({ ws, lakehouse } = await pipelineWorkspace('nxs-direction-e2e-'));
  }, 60_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('long_short with max_sharpe: two books at (G ± N)/2, caps per book, returns/turnover/costs replay from the files', async () => {
    const profile = { ...BASE, name: 'ls', selection: { ...BASE.selection, direction: 'long_short', grossExposure: 1.5, netExposure: 0.5 } };
    const { result, read } = await runProject('sleeve', 'ls', 'sleeve.json', profile);
    expect(result.error).toBeUndefined();

    const sel = JSON.parse(read('data/selection.json'));
    expect(sel.direction).toBe('long_short');
    let shorts = 0;
    for (const r of sel.rebalances) {
      expect(r.selected.length).toBeLessThanOrEqual(3);
      expect(r.short.length).toBeLessThanOrEqual(3);
      for (const s of r.selected) expect(s.score).toBeGreaterThan(0);
      for (const s of r.short) expect(s.score).toBeLessThan(0);
      const longIds = new Set(r.selected.map((s: { id: string }) => s.id));
      expect(r.short.some((s: { id: string }) => longIds.has(s.id))).toBe(false);
      shorts += r.short.length;
    }
    expect(shorts).toBeGreaterThan(0); // the synthetic market has falling assets to short

    // every target: long book Σ = (1.5 + 0.5)/2 = 1, short book Σ = −(1.5 − 0.5)/2 = −0.5 (when not empty),
    // |w| ≤ maxWeight × book exposure (or the 1/n floor of the book)
    const hist = csv(read('data/weights_history.csv'));
    hist.slice(1).forEach((row, k) => {
      const w = row.slice(4).map(Number);
      const pos = w.filter((x) => x > 0);
      const neg = w.filter((x) => x < 0);
      const r = sel.rebalances[k];
      // a long weight only on a selected asset, a short one only on a shorted asset (max_sharpe may give 0)
      const inBook = (ids: { id: string }[]) => new Set(ids.map((x) => x.id));
      const longIds = inBook(r.selected);
      const shortIds = inBook(r.short);
      hist[0].slice(4).forEach((id, j) => {
        if (w[j] > 0) expect(longIds.has(id)).toBe(true);
        if (w[j] < 0) expect(shortIds.has(id)).toBe(true);
      });
      expect(pos.length > 0).toBe(r.selected.length > 0);
      expect(neg.length > 0).toBe(r.short.length > 0);
      if (pos.length) expect(sum(pos)).toBeCloseTo(1, 6);
      if (neg.length) expect(sum(neg)).toBeCloseTo(-0.5, 6);
      for (const x of pos) expect(x).toBeLessThanOrEqual(Math.max(0.5, 1 / pos.length) * 1 + 1e-8);
      for (const x of neg) expect(-x).toBeLessThanOrEqual(Math.max(0.5, 1 / neg.length) * 0.5 + 1e-8);
      expect(Number(row[3])).toBeCloseTo(Number(row[2]) * 0.001, 8);
    });

    const oos = csv(read('data/oos_returns.csv')).slice(1);
    const re = replay(read('data/returns_matrix.csv'), read('data/weights_history.csv'), 21, 10);
    expect(re.dates).toEqual(oos.map((r) => r[0]));
    re.returns.forEach((x, i) => expect(Math.abs(x - Number(oos[i][1]))).toBeLessThan(1e-6));
    re.turnover.forEach((x, i) => expect(x).toBeCloseTo(Number(hist[1 + i][2]), 5));

    // live weights and the reports show both books
    const live = JSON.parse(read('data/weights.json')) as Record<string, number>;
    const metrics = JSON.parse(read('reports/metrics.json'));
    const liveLong = sum(Object.values(live).filter((x) => x > 0));
    const liveShort = sum(Object.values(live).filter((x) => x < 0));
    expect(metrics.exposure.long).toBeCloseTo(liveLong, 8);
    expect(metrics.exposure.short).toBeCloseTo(liveShort, 8);
    expect(metrics.exposure.gross).toBeCloseTo(liveLong - liveShort, 8);
    const html = read('reports/tearsheet.html');
    expect(html).toMatch(/<svg id="exposure-chart"[^]*<path class="series"/);
    if (liveShort < 0) expect(html).toContain('class="bar bar-short"');
    expect(html).toContain('long/short: gross 1.5, net 0.5');
  }, 60_000);

  it('short: the bottom of the ranking with weights summing to −1; metrics over calendar time', async () => {
    const { result, read } = await runProject('sleeve', 'short', 'sleeve.json', {
      ...BASE,
      name: 'short',
      selection: { ...BASE.selection, direction: 'short' },
      risk: { engine: 'inverse_vol', maxWeight: 0.5, clusterCap: 1 },
    });
    expect(result.error).toBeUndefined();
    const hist = csv(read('data/weights_history.csv'));
    for (const row of hist.slice(1)) {
      const w = row.slice(4).map(Number);
      expect(w.every((x) => x <= 0)).toBe(true);
      if (w.some((x) => x < 0)) expect(sum(w)).toBeCloseTo(-1, 6);
    }
    const oos = csv(read('data/oos_returns.csv')).slice(1);
    const re = replay(read('data/returns_matrix.csv'), read('data/weights_history.csv'), 21, 10);
    re.returns.forEach((x, i) => expect(Math.abs(x - Number(oos[i][1]))).toBeLessThan(1e-6));

    // CAGR over calendar time, P observed from the dates (docs/numerics.md)
    const r = oos.map((x) => Number(x[1]));
    const span = (Date.parse(oos[oos.length - 1][0]) - Date.parse(oos[0][0])) / 86_400_000;
    const p = (365.25 * (r.length - 1)) / span;
    const m = JSON.parse(read('reports/metrics.json')).strategy;
    expect(m.observedPeriodsPerYear).toBeCloseTo(p, 8);
    expect(m.periodsPerYear).toBeCloseTo(p, 8);
    expect(m.years).toBeCloseTo(r.length / p, 8);
    const eq = r.reduce((e, x) => e * (1 + x), 1);
    expect(m.cagr).toBeCloseTo(eq ** (p / r.length) - 1, 8);
    expect(m.sharpe).toBeCloseTo(sharpe(r, p), 6);
  }, 60_000);

  it('a declared backtest.periodsPerYear annualises vol, Sharpe and the selection score; CAGR stays calendar', async () => {
    const { result, read } = await runProject('sleeve', 'ppy', 'sleeve.json', {
      ...BASE,
      name: 'ppy',
      selection: { ...BASE.selection, mode: 'sharpe' },
      backtest: { ...BASE.backtest, periodsPerYear: 52 },
    });
    expect(result.error).toBeUndefined();
    const r = csv(read('data/oos_returns.csv'))
      .slice(1)
      .map((x) => Number(x[1]));
    const m = JSON.parse(read('reports/metrics.json'));
    expect(m.strategy.periodsPerYear).toBe(52);
    expect(m.benchmark.periodsPerYear).toBe(52);
    expect(m.strategy.observedPeriodsPerYear).toBeGreaterThan(200);
    expect(m.strategy.sharpe).toBeCloseTo(sharpe(r, 52), 6);
    const eq = r.reduce((e, x) => e * (1 + x), 1);
    expect(m.strategy.cagr).toBeCloseTo(eq ** (1 / m.strategy.years) - 1, 8);
    // selection's Sharpe scores use the same 52: recompute one from the returns matrix
    const sel = JSON.parse(read('data/selection.json')).rebalances[0];
    const mx = csv(read('data/returns_matrix.csv'));
    const end = mx.findIndex((row) => row[0] === sel.asOf);
    const start = mx.findIndex((row) => row[0] === sel.trainStart);
    const col = mx[0].indexOf(sel.selected[0].id);
    const window = mx.slice(start, end + 1).map((row) => Number(row[col]));
    expect(sel.selected[0].score).toBeCloseTo(sharpe(window, 52), 5);
  }, 60_000);

  it('rejects exposures that do not fit the direction, naming the field', async () => {
    const { result } = await runProject('sleeve', 'bad-gross', 'sleeve.json', {
      ...BASE,
      name: 'bad-gross',
      selection: { ...BASE.selection, grossExposure: 2 },
    });
    expect(result.error).toBe('apps/bad-gross/sleeve.json: selection.grossExposure: only used with selection.direction "long_short", got direction "long"');
  }, 60_000);

  it('a meta-portfolio of a long and a short sleeve: the gate accepts negative weights, flattening is signed', async () => {
    const [long, short] = await Promise.all([
      runProject('sleeve', 'm-long', 'sleeve.json', { ...BASE, name: 'm-long', risk: { engine: 'inverse_vol', maxWeight: 0.5, clusterCap: 1 } }),
      runProject('sleeve', 'm-short', 'sleeve.json', {
        ...BASE,
        name: 'm-short',
        selection: { ...BASE.selection, direction: 'short', threshold: -1 },
        risk: { engine: 'inverse_vol', maxWeight: 0.5, clusterCap: 1 },
      }),
    ]);
    expect(long.result.error).toBeUndefined();
    expect(short.result.error).toBeUndefined();
    const input = (id: string) => ({ id, project: id, profile: id, runId: 'e2e', outputPath: `dist/sleeves/${id}/e2e` });
    const meta = await runProject(
      'meta',
      'm-root',
      'meta-portfolio.json',
      {
        name: 'm-root',
        sleeves: [
          { id: 'm-long', project: 'm-long' },
          { id: 'm-short', project: 'm-short' },
        ],
        allocation: { engine: 'equal_weight', minWeight: 0, maxWeight: 1 },
      },
      { sleeveInputs: [input('m-long'), input('m-short')] },
    );
    expect(meta.result.error).toBeUndefined();
    const sw = JSON.parse(meta.read('data/sleeve_weights.json')) as Record<string, number>;
    const lw = JSON.parse(long.read('data/weights.json')) as Record<string, number>;
    const shw = JSON.parse(short.read('data/weights.json')) as Record<string, number>;
    expect(Object.values(shw).every((x) => x < 0)).toBe(true);
    expect(sum(Object.values(shw))).toBeCloseTo(-1, 8);
    const assets = JSON.parse(meta.read('data/weights.json')) as Record<string, number>;
    for (const id of new Set([...Object.keys(lw), ...Object.keys(shw)])) {
      const expected = sw['m-long'] * (lw[id] ?? 0) + sw['m-short'] * (shw[id] ?? 0);
      expect(assets[id] ?? 0).toBeCloseTo(expected, 8);
    }
    // net exposure = w_long × 1 + w_short × (−1)
    expect(sum(Object.values(assets))).toBeCloseTo(sw['m-long'] - sw['m-short'], 8);
    expect(JSON.parse(meta.read('reports/metrics.json')).exposure.net).toBeCloseTo(sw['m-long'] - sw['m-short'], 8);
  }, 90_000);
});
