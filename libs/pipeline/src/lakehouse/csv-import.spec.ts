import { parseBarsCsv } from './csv-import';

describe('parseBarsCsv', () => {
  it('parses date or timestamp columns in any order, ISO timestamps cut to the UTC day', () => {
    const bars = parseBarsCsv('Volume,Close,timestamp,open,high,low\n10,2.5,2024-01-02T00:00:00Z,2,3,1\n11,2.6,2024-01-03,2.5,2.7,2.4\n', 'a.csv', 'X_Y');
    expect(bars.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect(Array.from(bars.close)).toEqual([2.5, 2.6]);
    expect(Array.from(bars.volume)).toEqual([10, 11]);
  });
  it.each([
    ['', 'a.csv: empty CSV, expected a header line'],
    ['day,open,high,low,close,volume\n', 'a.csv: header: expected a "date" or "timestamp" column, got day,open,high,low,close,volume'],
    ['date,open,high,low,close\n', 'a.csv: header: missing column "volume" (got date,open,high,low,close)'],
    ['date,open,high,low,close,volume\n01/02/2024,1,1,1,1,1\n', 'a.csv: line 2: date: expected YYYY-MM-DD, got "01/02/2024"'],
    ['date,open,high,low,close,volume\n2024-01-02,1,x,1,1,1\n', 'a.csv: line 2: high: expected a number, got "x"'],
  ])('rejects bad CSV %#', (text, message) => {
    expect(() => parseBarsCsv(text, 'a.csv', 'X_Y')).toThrow(message);
  });
});
