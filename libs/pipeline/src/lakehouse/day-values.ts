import { DAY_MS, dayToMs, msToDay } from './dates';

/** What the reader knows about the date column's Parquet type (for the day rule and for error messages). */
export interface DayColumnType {
  /** Physical type, e.g. INT64, INT32, BYTE_ARRAY, INT96. */
  type?: string;
  /** Logical type, e.g. { type: 'TIMESTAMP', unit: 'NANOS', isAdjustedToUTC: true }. */
  logical?: { type: string; isAdjustedToUTC?: boolean; unit?: string };
  converted?: string;
  /** Time zone recorded by pandas for this column (`datetime64[ns, America/New_York]`). */
  timezone?: string;
}

const ISO_DATETIME_TAIL = /^([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * The day (`YYYY-MM-DD`) of each value of a date column (pure). Rules:
 * - DATE: that day.
 * - TIMESTAMP (ms, us or ns) without time zone (`isAdjustedToUTC=false`, "naive"): the day of the wall-clock value.
 * - TIMESTAMP with time zone (`isAdjustedToUTC=true`): the UTC day, or, when pandas recorded a zone for the column,
 *   the day in that zone (a bar stamped 00:00 Asia/Tokyo is 15:00 UTC the day before).
 * - Strings: ISO `YYYY-MM-DD`, optionally followed by `Thh:mm[:ss[.fff]]` and a zone: the date as written.
 * Throws a one-line error naming the file, column and row otherwise.
 */
export function toDays(values: ArrayLike<unknown>, file: string, column: string, t: DayColumnType = {}): string[] {
  const inZone = t.timezone && t.logical?.isAdjustedToUTC !== false && t.type !== 'BYTE_ARRAY' ? zoneDay(t.timezone, file, column) : undefined;
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let day: string | undefined;
    if (v instanceof Date) {
      const ms = v.getTime();
      if (!Number.isNaN(ms)) day = inZone ? inZone(ms) : msToDay(ms);
    } else if (typeof v === 'string') {
      day = stringDay(v);
    }
    if (day === undefined) {
      throw new Error(
        `${file}: column "${column}" row ${i}: expected a TIMESTAMP, DATE or ISO date string (YYYY-MM-DD[Thh:mm:ss]), got ${show(v)}${typeNote(t)}`,
      );
    }
    out[i] = day;
  }
  return out;
}

/**
 * The same days as `toDays` for a TIMESTAMP or DATE column already decoded to epoch milliseconds (the reader's
 * fast path, without a Date object per row); the same errors too.
 */
export function daysFromMs(ms: Float64Array, file: string, column: string, t: DayColumnType = {}): string[] {
  const inZone = t.timezone && t.logical?.isAdjustedToUTC !== false ? zoneDay(t.timezone, file, column) : undefined;
  const out = new Array<string>(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    if (!(Math.abs(v) <= MAX_DATE_MS)) {
      throw new Error(
        `${file}: column "${column}" row ${i}: expected a TIMESTAMP, DATE or ISO date string (YYYY-MM-DD[Thh:mm:ss]), got ${show(new Date(v))}${typeNote(t)}`,
      );
    }
    out[i] = inZone ? inZone(v) : dayOfEpochDay(Math.floor(v / DAY_MS));
  }
  return out;
}

const MAX_DATE_MS = 8.64e15;
/** `YYYY-MM-DD` by day number since 1970-01-01 (a small-integer key: cheaper than one per millisecond value). */
const dayByNumber = new Map<number, string>();
function dayOfEpochDay(n: number): string {
  let day = dayByNumber.get(n);
  if (day === undefined) {
    day = msToDay(n * DAY_MS);
    if (dayByNumber.size >= 1 << 16) dayByNumber.clear();
    dayByNumber.set(n, day);
  }
  return day;
}

function stringDay(v: string): string | undefined {
  const day = v.slice(0, 10);
  if (Number.isNaN(dayToMs(day)) || !ISO_DATETIME_TAIL.test(v.slice(10))) return undefined;
  return day;
}

function zoneDay(timeZone: string, file: string, column: string): (ms: number) => string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw new Error(
      `${file}: column "${column}": unknown time zone ${JSON.stringify(timeZone)} in the pandas metadata; expected an IANA zone such as America/New_York`,
    );
  }
  return (ms) => {
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(ms)) p[part.type] = part.value;
    return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
  };
}

function typeNote(t: DayColumnType): string {
  if (!t.type || t.type === 'BYTE_ARRAY') return '';
  const logical = t.logical?.type ?? t.converted;
  const timeType = logical !== undefined && /DATE|TIME/.test(logical);
  return ` (Parquet ${t.type}${logical ? ` ${logical}` : ''}${timeType ? '' : ', not a DATE or TIMESTAMP type'})`;
}

export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid date' : v.toISOString();
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}
