import { cell, round } from './format';
import { renderMarkdown } from './markdown';
import { annualisationFactor, drawdownCurve, equityCurve, monthlyReturns, observedPeriodsPerYear, performanceMetrics } from './metrics';
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
    expect(m).toMatchObject({
      start: '2020-01-30',
      end: '2020-02-04',
      days: 4,
      totalReturn: -0.34,
      maxDrawdown: 0.5,
      bestDay: 0.2,
      worstDay: -0.5,
      hitRate: 0.5,
    });
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
  it('observed periods per year = 365.25 × (n − 1) / span in days: a 7-day calendar gives 365.25, weekdays ~261', () => {
    expect(observedPeriodsPerYear(days('2021-01-01', 366, false))).toBe(365.25);
    // 2021-01-04 … 2021-12-31: 260 weekdays, 259 intervals over 361 days
    const wk = days('2021-01-04', 260, true);
    expect(wk[259]).toBe('2021-12-31');
    expect(observedPeriodsPerYear(wk)).toBeCloseTo((365.25 * 259) / 361, 12);
    expect(observedPeriodsPerYear(['2021-01-04'])).toBeNull();
  });
  it('CAGR is over calendar time: growth g per row with P rows a year gives g^P − 1 on any calendar', () => {
    for (const [dates, label] of [
      [days('2021-01-01', 500, false), '7-day'],
      [days('2021-01-04', 700, true), 'weekdays'],
    ] as const) {
      const p = observedPeriodsPerYear([...dates])!;
      const r = dates.map(() => 2 ** (1 / p) - 1);
      const m = performanceMetrics([...dates], r);
      expect([label, m.cagr]).toEqual([label, expect.closeTo(1, 8)]);
      expect(m.years).toBeCloseTo(dates.length / p, 8);
      expect(m.periodsPerYear).toBeCloseTo(p, 8);
    }
  });
  it('an equity calendar of ~261 rows a year is not annualised with 252 (that understated CAGR)', () => {
    const dates = days('2019-01-01', 1750, true);
    const r = dates.map((_, i) => 0.0007 + 0.01 * Math.sin(i));
    const m = performanceMetrics(dates, r);
    const eq = r.reduce((e, x) => e * (1 + x), 1);
    const years = ((Date.parse(dates[1749]) - Date.parse(dates[0])) / 86_400_000 / 365.25) * (1750 / 1749);
    expect(m.cagr).toBeCloseTo(eq ** (1 / years) - 1, 9);
    expect(m.cagr! - (eq ** (252 / 1750) - 1)).toBeGreaterThan(0.002);
    expect(m.observedPeriodsPerYear).toBeGreaterThan(260);
    expect(m.observedPeriodsPerYear).toBeLessThan(262);
  });
  it('Sharpe and volatility scale with √P; a declared P replaces the observed one but not the calendar CAGR', () => {
    const dates = ['2021-01-02', '2021-01-03']; // consecutive days: P = 365.25
    const m = performanceMetrics(dates, [0.01, 0.03]);
    // mean 0.02, sample std 0.01·√2 → Sharpe √2·√365.25, vol 0.01·√2·√365.25
    expect(m.sharpe).toBeCloseTo(Math.sqrt(730.5), 8);
    expect(m.annualVol).toBeCloseTo(0.01 * Math.sqrt(730.5), 8);
    const d = performanceMetrics(dates, [0.01, 0.03], 252);
    expect(d).toMatchObject({ periodsPerYear: 252, observedPeriodsPerYear: 365.25, cagr: m.cagr });
    expect(d.sharpe).toBeCloseTo(Math.sqrt(504), 8);
    expect(annualisationFactor(dates, 52)).toBe(52);
    expect(annualisationFactor(dates)).toBe(365.25);
  });
});

describe('lineChartSvg', () => {
  it('draws one path per line, with year labels and no script', () => {
    const dates = Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    const svg = lineChartSvg({
      id: 'c',
      title: 'T <x>',
      dates,
      lines: [
        { label: 'a', values: dates.map((_, i) => 1 + i / 600), color: '#000' },
        { label: 'b', values: dates.map(() => 1), color: '#f00', dashed: true },
      ],
      tick: (v) => v.toFixed(1),
    });
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
    expect(html).toContain(`<td class="l">Periods per year</td><td>${model.metrics.periodsPerYear!.toFixed(1)}</td>`);
    const declared = renderTearsheet({ ...model, metrics: performanceMetrics(dates, returns, 252) });
    expect(declared).toContain(`252.0 (declared; observed ${model.metrics.observedPeriodsPerYear!.toFixed(1)})`);
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
  it('shows short positions: negative weights after the longs, red bars, exposure line and chart', () => {
    const ls: ReportModel = {
      ...model,
      weights: { A: 0.3, B: 0.2, S1: -0.35, S2: -0.15 },
      exposures: { dates: [dates[10], dates[100]], long: [0.5, 0.5], short: [-0.5, -0.5] },
    };
    const html = renderTearsheet(ls);
    expect(html.indexOf('>B<')).toBeLessThan(html.indexOf('>S1<'));
    expect(html.indexOf('>S1<')).toBeLessThan(html.indexOf('>S2<'));
    expect(html).toContain('<td class="neg">-35.00%</td>');
    expect(html).toMatch(/class="bar bar-short" style="width:100%"/);
    expect(html).toContain('Long 50.00% · Short -50.00% · Net 0.00% · Gross 100.00%');
    expect(html).toContain('id="exposure-chart"');
    expect(renderTearsheet(model)).not.toContain('id="exposure-chart"');
    const md = renderMarkdown(ls);
    expect(md).toContain('| S1 | -35.00% |');
    expect(md).toContain('Long 50.00%, short -50.00%, net 0.00%, gross 100.00%.');
  });
  it('shows cash when nothing is held', () => {
    expect(renderTearsheet({ ...model, weights: {} })).toContain('Cash: no asset passed the selection');
  });
});
