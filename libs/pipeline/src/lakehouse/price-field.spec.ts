import { applyPriceField, priceFieldSummary } from './price-field';
import type { Bars } from './types';

const bars = (adj?: number[]): Bars => ({
  id: 'NYSE_X',
  dates: ['2024-01-02', '2024-01-03', '2024-01-04'],
  open: Float64Array.from([99, 101, 50]),
  high: Float64Array.from([102, 103, 52]),
  low: Float64Array.from([98, 100, 49]),
  close: Float64Array.from([100, 102, 51]),
  volume: Float64Array.from([10, 20, 40]),
  ...(adj ? { adjClose: Float64Array.from(adj) } : {}),
});

describe('price field', () => {
  it('uses the adjusted close when the file has one, scaling open/high/low by adj/close', () => {
    // a 2:1 split on the third day: the raw close halves, the adjusted series does not
    const b = applyPriceField(bars([50, 51, 51]), 'f.parquet');
    expect(b.priceField).toBe('adj_close');
    expect([...b.close]).toEqual([50, 51, 51]);
    expect([...b.open]).toEqual([49.5, 50.5, 50]);
    expect([...b.high]).toEqual([51, 51.5, 52]);
    expect([...b.low]).toEqual([49, 50, 49]);
    expect([...b.volume]).toEqual([10, 20, 40]);
  });

  it('keeps the close when asked, or when there is no adjusted close', () => {
    const forced = applyPriceField(bars([50, 51, 51]), 'f.parquet', 'close');
    expect([forced.priceField, [...forced.close]]).toEqual(['close', [100, 102, 51]]);
    const plain = applyPriceField(bars(), 'f.parquet');
    expect([plain.priceField, [...plain.close]]).toEqual(['close', [100, 102, 51]]);
    expect(priceFieldSummary([forced, { ...plain, id: 'A_B' }, applyPriceField(bars([1, 2, 3]), 'f')])).toEqual({
      adj_close: ['NYSE_X'],
      close: ['A_B', 'NYSE_X'],
    });
  });

  it('fails naming the file when data.priceField is adj_close and there is none', () => {
    expect(() => applyPriceField(bars(), 'lh/NYSE_X_1d.parquet', 'adj_close')).toThrow(
      'lh/NYSE_X_1d.parquet: data.priceField is "adj_close" but the file has no adjusted close column (expected one named adj_close or "Adj Close"); set data.priceField to "close" or add the column',
    );
  });

  it('gives NaN open/high/low where the raw close is unusable', () => {
    const b = bars([50, 51, 51]);
    b.close[1] = 0;
    expect([...applyPriceField(b, 'f').open].map(Number.isNaN)).toEqual([false, true, false]);
  });
});
