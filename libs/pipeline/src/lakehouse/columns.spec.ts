import { normalizeColumnName, pandasIndexColumns, pandasTimezone, resolveBarColumns } from './columns';

const OHLCV = ['open', 'high', 'low', 'close', 'volume'];

describe('lakehouse column names', () => {
  it('normalises case, spaces and punctuation', () => {
    expect(['Adj Close', 'adj_close', 'AdjClose', 'ADJ-CLOSE'].map(normalizeColumnName)).toEqual(Array(4).fill('adjclose'));
  });

  it.each([
    [
      ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'],
      { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume', adjClose: 'Adj Close' },
    ],
    [['timestamp', ...OHLCV], { date: 'timestamp', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' }],
    [
      ['datetime', 'OPEN', 'HIGH', 'LOW', 'CLOSE', 'VOLUME', 'adj_close'],
      { date: 'datetime', open: 'OPEN', high: 'HIGH', low: 'LOW', close: 'CLOSE', volume: 'VOLUME', adjClose: 'adj_close' },
    ],
    [
      ['time', ...OHLCV, 'Adjusted Close'],
      { date: 'time', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', adjClose: 'Adjusted Close' },
    ],
    // timestamp is preferred over date when both exist
    [['date', 'timestamp', ...OHLCV], { date: 'timestamp', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' }],
  ])('maps %j', (names, expected) => {
    expect(resolveBarColumns('f.parquet', names)).toEqual(expected);
  });

  it('takes the date from a pandas index when no column has a date name', () => {
    expect(resolveBarColumns('f', [...OHLCV, '__index_level_0__']).date).toBe('__index_level_0__');
    expect(resolveBarColumns('f', [...OHLCV, 'Day'], ['Day']).date).toBe('Day');
  });

  it.each([
    [
      ['when', ...OHLCV],
      'f.parquet: no date column; expected one named timestamp, date, datetime or time (any case), or a pandas index (columns: when, open, high, low, close, volume)',
    ],
    [['date', 'open', 'high', 'low', 'volume'], 'f.parquet: missing column "close" (columns: date, open, high, low, volume)'],
    [['date', ...OHLCV, 'Close'], 'f.parquet: ambiguous columns "close" and "Close"; expected one close column'],
    [['date', ...OHLCV, 'Adj Close', 'adj_close'], 'f.parquet: ambiguous columns "Adj Close" and "adj_close"; expected one adjusted close column'],
  ])('rejects %j', (names, message) => {
    expect(() => resolveBarColumns('f.parquet', names)).toThrow(message);
  });

  it('reads index columns and time zones from pandas metadata, ignoring junk', () => {
    const meta = JSON.stringify({
      index_columns: ['Date', { kind: 'range' }],
      columns: [
        { name: 'Date', field_name: 'Date', metadata: { timezone: 'Asia/Tokyo' } },
        { name: 'Close', field_name: 'Close', metadata: null },
      ],
    });
    expect(pandasIndexColumns(meta)).toEqual(['Date']);
    expect(pandasTimezone(meta, 'Date')).toBe('Asia/Tokyo');
    expect(pandasTimezone(meta, 'Close')).toBeUndefined();
    expect(pandasIndexColumns('not json')).toEqual([]);
    expect(pandasTimezone(undefined, 'Date')).toBeUndefined();
  });
});
