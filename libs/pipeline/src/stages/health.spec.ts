import { auditHealth, describeHealthFailures } from './health';
import type { PriceSeries } from './series';

function weekdays(start: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
const walk = (n: number, seed: number) => Array.from({ length: n }, (_, i) => 100 + Math.sin(i * 0.7 + seed) * 3 + i * 0.01);

describe('auditHealth', () => {
  const cal = weekdays('2020-01-01', 120);
  const good: PriceSeries = { id: 'X_GOOD', dates: cal, close: walk(120, 1) };
  const gappy: PriceSeries = { id: 'X_GAP', dates: [...cal.slice(0, 50), ...cal.slice(60)], close: walk(110, 2) };
  const staleClose = walk(120, 3);
  for (let i = 70; i < 78; i++) staleClose[i] = 55;
  const stale: PriceSeries = { id: 'X_STALE', dates: cal, close: staleClose };
  const late: PriceSeries = { id: 'X_LATE', dates: cal.slice(40), close: walk(80, 4) };
  const ended: PriceSeries = { id: 'X_ENDED', dates: cal.slice(0, 100), close: walk(100, 5) };
  const series = [good, gappy, stale, late, ended];

  it('flags gaps, stale prices, early ends and short histories, and warns on late listings', () => {
    const r = auditHealth(series, () => 'us', { lookbackDays: 120, minDaysFloor: 60, strictHealth: false });
    expect(r.healthy).toEqual(['X_GOOD', 'X_LATE']);
    expect(r.failed).toEqual(['X_ENDED', 'X_GAP', 'X_STALE']);
    const by = Object.fromEntries(r.symbols.map((s) => [s.id, s]));
    expect(by.X_GAP.maxGap).toBe(10);
    expect(by.X_GAP.failures[0]).toBe(`gap of 10 trading days ending ${cal[59]}, expected at most 5`);
    expect(by.X_STALE.staleRun).toBe(8);
    expect(by.X_ENDED.lagDays).toBe(20);
    expect(by.X_LATE.warnings[0]).toBe(`listed ${cal[40]}, after the window start ${cal[0]}`);
    expect(by.X_LATE.coverage).toBeCloseTo(80 / 120, 12);
    expect(describeHealthFailures(r)).toContain('X_STALE: stale prices: close unchanged for 8 days');
  });

  it('fails a late listing with fewer days than minDaysFloor', () => {
    const r = auditHealth([good, late], () => 'us', { lookbackDays: 120, minDaysFloor: 100, strictHealth: true });
    expect(r.failed).toEqual(['X_LATE']);
    expect(r.symbols[1].failures[0]).toBe('only 80 days of data in the window, expected at least 100 (data.minDaysFloor)');
  });

  it('compares each symbol with its own market calendar (crypto weekends are not equity gaps)', () => {
    const all: string[] = [];
    const d = new Date('2020-01-01T00:00:00Z');
    for (let i = 0; i < 168; i++) {
      all.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    const crypto: PriceSeries = { id: 'C_BTC', dates: all, close: walk(168, 6) };
    const r = auditHealth([good, crypto], (id) => (id.startsWith('C_') ? 'crypto' : 'us'), { lookbackDays: 120, minDaysFloor: 60, strictHealth: true });
    expect(r.failed).toEqual([]);
    expect(r.symbols.find((s) => s.id === 'X_GOOD')!.missingDays).toBe(0);
  });
});

describe('auditHealth with bad closes', () => {
  it('counts bars whose close is blank, 0 or negative as missing days (a run of them is a gap)', () => {
    const cal = weekdays('2020-01-01', 120);
    const close = walk(120, 7);
    // 8 bars in a row with no usable close: present in the file, but no price → a gap of 8 (> 5)
    for (let i = 60; i < 68; i++) close[i] = i % 2 ? NaN : 0;
    const one = walk(120, 8);
    one[30] = -1; // a single bad close: a 1-day gap, only a warning
    const r = auditHealth(
      [
        { id: 'X_BLANK', dates: cal, close },
        { id: 'X_ONE', dates: cal, close: one },
      ],
      () => 'us',
      { lookbackDays: 120, minDaysFloor: 60, strictHealth: false },
    );
    const by = Object.fromEntries(r.symbols.map((s) => [s.id, s]));
    expect(r.failed).toEqual(['X_BLANK']);
    expect(by.X_BLANK.maxGap).toBe(8);
    expect(by.X_BLANK.days).toBe(112);
    expect(by.X_BLANK.failures[0]).toBe(`gap of 8 trading days ending ${cal[67]}, expected at most 5`);
    expect(by.X_ONE.ok).toBe(true);
    expect(by.X_ONE.missingDays).toBe(1);
    expect(by.X_ONE.warnings).toContain('1 bar with a close that is not a positive number (counted as missing days)');
  });
});
