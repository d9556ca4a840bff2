import { drawdownEpisodes, worstDrawdowns } from './drawdowns';
import { quantile, returnHistogram } from './histogram';
import { performanceMetrics } from './metrics';
import type { ReportModel } from './model';
import { rollingStats } from './rolling';
import { renderTearsheet } from './tearsheet';
import { topNBands, weightsHistoryOf } from './weights-history';
import { stackedAreaSvg } from './parity-charts';

describe('rollingStats', () => {
  it('uses only the trailing window, annualised like the metrics', () => {
    const r = [0.01, 0.03, -0.02, 0.04, 0.0];
    const { vol, sharpe } = rollingStats(r, 252, 3);
    expect(vol.slice(0, 2).every(Number.isNaN)).toBe(true);
    // window [0.03, -0.02, 0.04]: mean 0.01666…, sample std by hand
    const w = [0.03, -0.02, 0.04];
    const m = w.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 2);
    expect(vol[3]).toBeCloseTo(sd * Math.sqrt(252), 14);
    expect(sharpe[3]).toBeCloseTo((m * 252) / (sd * Math.sqrt(252)), 12);
    // no look-ahead: changing a later return leaves earlier values alone
    expect(rollingStats([...r.slice(0, 4), 0.5], 252, 3).vol[3]).toBe(vol[3]);
    expect(rollingStats([0, 0, 0], 365, 3).sharpe[2]).toBe(0);
  });
});

describe('drawdownEpisodes', () => {
  const dates = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];
  it('start (first day under water), trough, recovery (first day back at the peak), depth, days under water', () => {
    // equity: 1.1, 0.99, 0.891, 1.1 (recovers exactly), 1.21, 1.089, 1.1979, 1.0781
    const r = [0.1, -0.1, -0.1, 1.1 / 0.891 - 1, 0.1, -0.1, 0.1, -0.1];
    const e = drawdownEpisodes(dates, r);
    expect(e).toHaveLength(2);
    expect(e[0]).toMatchObject({ start: 'd1', trough: 'd2', recovery: 'd3', days: 2 });
    expect(e[0].depth).toBeCloseTo(1 - 0.891 / 1.1, 12);
    expect(e[1]).toMatchObject({ start: 'd5', trough: 'd7', recovery: null, days: 3 });
    expect(e[1].depth).toBeCloseTo(1 - (1.21 * 0.9 * 1.1 * 0.9) / 1.21, 12);
  });
  it('a loss on the first day is a drawdown from the initial capital; worst first', () => {
    const e = worstDrawdowns(['a', 'b', 'c', 'd'], [-0.05, 0.1, -0.2, 0.01], 5);
    expect(e.map((x) => x.start)).toEqual(['c', 'a']);
    expect(e[1]).toMatchObject({ trough: 'a', recovery: 'b', days: 1 });
    expect(e[1].depth).toBeCloseTo(0.05, 12);
    expect(worstDrawdowns(['a', 'b'], [0.01, 0.02])).toEqual([]);
  });
  it('the deepest episode is the max drawdown of the metrics', () => {
    const r = Array.from({ length: 500 }, (_, i) => Math.sin(i / 9) * 0.02 + 0.0005);
    // ISO dates: the metrics measure calendar time
    const d = Array.from({ length: 500 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    expect(worstDrawdowns(d, r, 1)[0].depth).toBeCloseTo(performanceMetrics(d, r).maxDrawdown!, 9);
  });
});

describe('returnHistogram', () => {
  it('type-7 quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 14);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 14);
  });
  it('Freedman–Diaconis bins clamped to [10, 80], every value counted once, normal overlay integrates to ≈ n', () => {
    const r = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 0.02);
    const h = returnHistogram(r)!;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(h.counts.length).toBeGreaterThanOrEqual(10);
    expect(h.counts.length).toBeLessThanOrEqual(80);
    expect(h.lo).toBe(Math.min(...r));
    expect(h.lo + h.width * h.counts.length).toBeCloseTo(Math.max(...r), 12);
    const sorted = [...r].sort((a, b) => a - b);
    const fd = (2 * (quantile(sorted, 0.75) - quantile(sorted, 0.25))) / Math.cbrt(1000);
    expect(h.counts.length).toBe(Math.min(80, Math.max(10, Math.ceil((sorted[999] - sorted[0]) / fd))));
    // on normal data the overlay's expected counts add up to about n
    let seed = 7;
    const u = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const z = Array.from({ length: 2000 }, () => 0.01 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
    const hz = returnHistogram(z)!;
    expect(hz.normal.reduce((a, b) => a + b, 0) / 2000).toBeGreaterThan(0.97);
    expect(hz.mean).toBeCloseTo(z.reduce((a, b) => a + b) / 2000, 15);
    expect(returnHistogram([0.01, 0.01])).toBeUndefined();
    expect(returnHistogram([0.01])).toBeUndefined();
  });
});

describe('topNBands', () => {
  it('top N by average weight, the rest summed into other; the short side apart', () => {
    const h = weightsHistoryOf(
      ['A', 'B', 'C', 'D'],
      [
        { asOf: '2020-01-01', weights: [0.5, 0.3, 0.2, 0] },
        { asOf: '2020-02-01', weights: [0.1, 0.5, 0.2, 0.2] },
        { asOf: '2020-03-01', weights: [0.6, 0.6, -0.2, 0] },
      ],
    );
    const b = topNBands(h, 2);
    expect(b.labels).toEqual(['B', 'A', 'other']); // averages 0.467, 0.4
    expect(b.values[0]).toEqual([0.3, 0.5, 0.6]);
    expect(b.values[2].map((x) => Number(x.toFixed(12)))).toEqual([0.2, 0.4, 0]);
    expect(topNBands(h, 10).labels).toEqual(['B', 'A', 'C', 'D']);
    expect(b.short).toEqual({ labels: ['C'], values: [[0, 0, 0.2]] });
  });
  it('has no short side for a long-only book, and sums the short tail into "other short"', () => {
    const long = weightsHistoryOf(['A', 'B'], [{ asOf: '2020-01-01', weights: [0.5, 0.5] }]);
    expect(topNBands(long).short).toBeUndefined();
    const ls = weightsHistoryOf(['A', 'B', 'C', 'D'], [{ asOf: '2020-01-01', weights: [1.3, -0.1, -0.2, 0.3] }]);
    const bands = topNBands(ls, 1);
    expect(bands.labels).toEqual(['A', 'other']);
    expect(bands.short!.labels).toEqual(['C', 'other short']);
    expect(bands.short!.values.map((v) => v.map((x) => Number(x.toFixed(12))))).toEqual([[0.2], [0.1]]);
  });
});

describe('stackedAreaSvg with short weights', () => {
  const bandsOf = (weights: number[]) => topNBands(weightsHistoryOf(['L', 'S'], [{ asOf: '2020-01-01', weights }]));
  const ys = (path: string) => [...path.matchAll(/[\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
  it('draws long bands above the zero line and short bands below it, lighter', () => {
    const svg = stackedAreaSvg({ id: 'w', title: 'W', bands: bandsOf([1.3, -0.3]), end: '2020-02-01' });
    const zero = Number(/<line class="zero"[^>]* y1="([\d.]+)"/.exec(svg)![1]);
    const long = /data-series="L" d="([^"]+)"/.exec(svg)![1];
    const short = /data-series="S \(short\)" d="([^"]+)" fill="[^"]+" fill-opacity="([\d.]+)"/.exec(svg)!;
    expect(Math.max(...ys(long))).toBeCloseTo(zero, 1); // from zero up (smaller y)
    expect(Math.min(...ys(long))).toBeLessThan(zero);
    expect(Math.min(...ys(short[1]))).toBeCloseTo(zero, 1); // from zero down (larger y)
    expect(Math.max(...ys(short[1]))).toBeGreaterThan(zero);
    expect(Number(short[2])).toBeLessThan(0.85);
    expect(svg).toContain('>-25%</text>'); // the axis reaches below zero
  });
  it('draws a long-only book without a zero line or negative ticks', () => {
    const svg = stackedAreaSvg({ id: 'w', title: 'W', bands: bandsOf([0.6, 0.4]), end: '2020-02-01' });
    expect(svg).not.toContain('class="zero"');
    expect(svg).not.toContain('(short)');
    expect(svg).not.toMatch(/>-\d+%</);
  });
});

describe('tearsheet parity sections', () => {
  const dates = Array.from({ length: 300 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)).toISOString().slice(0, 10));
  const returns = dates.map((_, i) => Math.sin(i / 7) * 0.01 + 0.0004);
  const model: ReportModel = {
    kind: 'sleeve',
    title: 'demo',
    runId: 'r1',
    dates,
    returns,
    metrics: performanceMetrics(dates, returns),
    weights: { A: 1 },
    weightsHistory: weightsHistoryOf(
      ['A', 'B'],
      [
        { asOf: dates[0], weights: [0.5, 0.5] },
        { asOf: dates[100], weights: [1, 0] },
      ],
    ),
    rebalancing: { count: 2, avgTurnover: 0.1, totalCost: 0 },
    facts: [],
    notes: [],
  };
  it('renders rolling charts, the weights stack, the worst drawdowns and the histogram, inline and deterministic', () => {
    const html = renderTearsheet(model);
    for (const id of ['rolling-sharpe-chart', 'rolling-vol-chart', 'weights-chart', 'worst-drawdowns', 'returns-histogram'])
      expect(html).toContain(`id="${id}"`);
    expect(html.match(/<path class="band"/g)).toHaveLength(2);
    expect(html.match(/<tr><td class="l">\d<\/td>/g)!.length).toBe(Math.min(5, worstDrawdowns(dates, returns, 5).length));
    expect(html).not.toMatch(/<script|src=|href=/);
    expect(renderTearsheet({ ...model })).toBe(html);
  });
  it('leaves the rolling charts out when the series is shorter than the window, the stack without a history', () => {
    const short = {
      ...model,
      dates: dates.slice(0, 30),
      returns: returns.slice(0, 30),
      metrics: performanceMetrics(dates.slice(0, 30), returns.slice(0, 30)),
      weightsHistory: undefined,
    };
    const html = renderTearsheet(short);
    expect(html).not.toContain('rolling-sharpe-chart');
    expect(html).not.toContain('weights-chart');
    expect(html).toContain('returns-histogram');
  });
});
