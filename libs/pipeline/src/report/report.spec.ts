import { cell, round } from './format';
import { renderMarkdown } from './markdown';
import { drawdownCurve, equityCurve, monthlyReturns, performanceMetrics, periodsPerYear } from './metrics';
import type { ReportModel } from './model';
import { lineChartSvg } from './svg-chart';
import { renderTearsheet } from './tearsheet';

describe('format', () => {
  it('prints fixed decimals, blank for missing, never -0', () => {
    expect(cell(0.1234567890123)).toBe('0.1234567890');
    expect(cell(-1e-15)).toBe('0.0000000000');
    expect(cell(NaN)).toBe('');
    expect(round(-1e-15)).toBe(0);
    expect(round(Infinity)).toBeNull();
  });
});

describe('metrics', () => {
  const dates = ['2020-01-30', '2020-01-31', '2020-02-03', '2020-02-04'];
  const r = [0.1, -0.5, 0.2, 0.0];
  it('builds equity, drawdown and monthly returns', () => {
    expect(equityCurve(r).map((x) => Number(x.toFixed(10)))).toEqual([1.1, 0.55, 0.66, 0.66]);
    expect(drawdownCurve(r).map((x) => Number(x.toFixed(10)))).toEqual([0, -0.5, -0.4, -0.4]);
    expect(monthlyReturns(dates, r)).toEqual({ '2020': [round(1.1 * 0.5 - 1, 6), 0.2, null, null, null, null, null, null, null, null, null, null] });
  });
  it('summarises a series with numerics definitions', () => {
    const m = performanceMetrics(dates, r);
    expect(m).toMatchObject({ start: '2020-01-30', end: '2020-02-04', days: 4, totalReturn: -0.34, maxDrawdown: 0.5, bestDay: 0.2, worstDay: -0.5, hitRate: 0.5 });
    expect(performanceMetrics([], [])).toMatchObject({ days: 0, sharpe: null, totalReturn: null });
  });
});

describe('metrics annualisation follows the calendar', () => {
  const days = (from: string, count: number, weekdaysOnly: boolean) => {
    const out: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); out.length < count; t += 86_400_000) {
      const d = new Date(t);
      if (weekdaysOnly && (d.getUTCDay() === 0 || d.getUTCDay() === 6)) continue;
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  };
  it('a crypto series (every calendar day) that doubles in 365 days has a CAGR of 100 %, not 2^(252/365) − 1', () => {
    const dates = days('2021-01-01', 365, false);
    const r = dates.map(() => 2 ** (1 / 365) - 1);
    expect(periodsPerYear(dates)).toBe(365);
    const m = performanceMetrics(dates, r);
    expect(m.periodsPerYear).toBe(365);
    expect(m.cagr).toBeCloseTo(1, 8);
    expect(m.totalReturn).toBeCloseTo(1, 8);
  });
  it('Sharpe and volatility of a 7-day series scale with √365', () => {
    const dates = ['2021-01-02', '2021-01-03']; // a Saturday and a Sunday
    const m = performanceMetrics(dates, [0.01, 0.03]);
    // mean 0.02, sample std 0.01·√2 → Sharpe √2·√365 = √730, vol 0.01·√2·√365 = 0.01·√730
    expect(m.sharpe).toBeCloseTo(Math.sqrt(730), 8);
    expect(m.annualVol).toBeCloseTo(0.01 * Math.sqrt(730), 8);
  });
  it('a weekday series keeps 252', () => {
    const dates = days('2021-01-04', 252, true);
    const r = dates.map(() => 2 ** (1 / 252) - 1);
    expect(periodsPerYear(dates)).toBe(252);
    expect(performanceMetrics(dates, r)).toMatchObject({ periodsPerYear: 252 });
    // an odd Saturday session among 252 trading days does not make it a 7-day calendar
    expect(periodsPerYear([...dates.slice(0, 100), '2021-05-29', ...dates.slice(100)])).toBe(252);
    expect(performanceMetrics(dates, r).cagr).toBeCloseTo(1, 8);
    expect(performanceMetrics(['2021-01-04', '2021-01-05'], [0.01, 0.03]).sharpe).toBeCloseTo(Math.sqrt(504), 8);
  });
});

describe('lineChartSvg', () => {
  it('draws one path per line, with year labels and no script', () => {
    const dates = Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    const svg = lineChartSvg({ id: 'c', title: 'T <x>', dates, lines: [{ label: 'a', values: dates.map((_, i) => 1 + i / 600), color: '#000' }, { label: 'b', values: dates.map(() => 1), color: '#f00', dashed: true }], tick: (v) => v.toFixed(1) });
    expect(svg.match(/<path class="series"/g)).toHaveLength(2);
    expect(svg).toContain('>2021<');
    expect(svg).toContain('aria-label="T &lt;x&gt;"');
    expect(svg).not.toMatch(/<script/);
  });
  it('copes with an empty series', () => {
    expect(lineChartSvg({ id: 'c', title: 't', dates: [], lines: [{ label: 'a', values: [], color: '#000' }], tick: String })).toMatch(/^<svg[^]*<\/svg>$/);
  });
});

describe('renderers', () => {
  const dates = Array.from({ length: 300 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)).toISOString().slice(0, 10));
  const returns = dates.map((_, i) => Math.sin(i / 7) * 0.01 + 0.0004);
  const model: ReportModel = {
    kind: 'sleeve',
    title: 'demo',
    description: 'a & b',
    runId: 'r1',
    dates,
    returns,
    metrics: performanceMetrics(dates, returns),
    weights: { B: 0.25, A: 0.75, Z: 0 },
    rebalancing: { count: 12, avgTurnover: 0.1, totalCost: 0.001 },
    facts: [['Risk engine', 'hrp']],
    notes: ['excluded X: gap'],
  };
  it('tearsheet: inline charts, escaped text, weights sorted by size, zero weights hidden', () => {
    const html = renderTearsheet(model);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('id="equity-chart"');
    expect(html).toContain('id="drawdown-chart"');
    expect(html).toContain('a &amp; b');
    expect(html.indexOf('>A<')).toBeLessThan(html.indexOf('>B<'));
    expect(html).not.toContain('>Z<');
    expect(html).not.toMatch(/<script|src=|href=/);
  });
  it('is a pure function of the model (byte-identical output)', () => {
    expect(renderTearsheet(model)).toBe(renderTearsheet({ ...model }));
    expect(renderMarkdown(model)).toBe(renderMarkdown({ ...model }));
  });
  it('markdown: metrics table, weights and notes', () => {
    const md = renderMarkdown(model);
    expect(md).toMatch(/^# demo\n/);
    expect(md).toContain('| A | 75.00% |');
    expect(md).toContain('- excluded X: gap');
    expect(md).not.toMatch(/\n\n\n/);
  });
  it('shows cash when nothing is held', () => {
    expect(renderTearsheet({ ...model, weights: {} })).toContain('Cash: no asset passed the selection');
  });
});
