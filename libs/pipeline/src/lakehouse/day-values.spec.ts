import { toDays } from './day-values';

describe('lakehouse day values', () => {
  it('takes the UTC day of timestamps and DATEs, and the written date of ISO strings', () => {
    expect(
      toDays(
        [
          new Date('2024-03-01T00:00:00Z'),
          new Date('2024-03-04T23:59:59.999Z'),
          '2024-03-05',
          '2024-03-06T16:00:00-05:00',
          '2024-03-07 09:30:00',
          '2024-03-08T00:00:00.000000Z',
        ],
        'f',
        'Date',
      ),
    ).toEqual(['2024-03-01', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08']);
  });

  it('takes the day in the pandas time zone of a UTC-adjusted timestamp', () => {
    // 00:00 in Tokyo is 15:00 UTC the day before; 00:00 in New York is 05:00 UTC the same day.
    const tokyo = toDays([new Date('2024-02-29T15:00:00Z')], 'f', 'Date', {
      type: 'INT64',
      logical: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
      timezone: 'Asia/Tokyo',
    });
    expect(tokyo).toEqual(['2024-03-01']);
    const ny = toDays([new Date('2024-03-01T05:00:00Z')], 'f', 'Date', {
      type: 'INT64',
      logical: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
      timezone: 'America/New_York',
    });
    expect(ny).toEqual(['2024-03-01']);
    // a naive timestamp ignores any zone: its wall clock is the day
    const naive = toDays([new Date('2024-02-29T15:00:00Z')], 'f', 'Date', {
      type: 'INT64',
      logical: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
      timezone: 'Asia/Tokyo',
    });
    expect(naive).toEqual(['2024-02-29']);
  });

  it.each([
    [['01/02/2024'], {}, 'f: column "Date" row 0: expected a TIMESTAMP, DATE or ISO date string (YYYY-MM-DD[Thh:mm:ss]), got "01/02/2024"'],
    [['2024-02-30'], {}, 'got "2024-02-30"'],
    [['2024-01-01', '2024-01-01junk'], {}, 'f: column "Date" row 1:'],
    [[1704067200000n], { type: 'INT64' }, 'got 1704067200000n (Parquet INT64, not a DATE or TIMESTAMP type)'],
    [[null], { type: 'INT32', logical: { type: 'DATE' } }, 'got null (Parquet INT32 DATE)'],
  ])('rejects %j', (values, type, message) => {
    expect(() => toDays(values, 'f', 'Date', type)).toThrow(message);
  });

  it('names an unknown pandas time zone', () => {
    expect(() => toDays([new Date(0)], 'f', 'Date', { timezone: 'Mars/Olympus' })).toThrow(
      'f: column "Date": unknown time zone "Mars/Olympus" in the pandas metadata',
    );
  });
});
