const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Both conversions are memoized: a sleeve converts the same few thousand days for every symbol (26 symbols ×
 * 1,000 days cost ≈ 50 ms of Date objects and ISO strings per sleeve, measured). Results are the same strings
 * and numbers; each cache is bounded (cleared when full) so a long-lived process does not grow without limit.
 */
const CACHE_MAX = 1 << 16;
const dayOfMs = new Map<number, string>();
const msOfDay = new Map<string, number>();

/** `YYYY-MM-DD` → epoch milliseconds at 00:00 UTC, or NaN when not a valid calendar day. */
export function dayToMs(day: string): number {
  let ms = msOfDay.get(day);
  if (ms === undefined) {
    const m = ISO_DAY.exec(day);
    ms = NaN;
    if (m) {
      const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      if (msToDay(t) === day) ms = t;
    }
    if (msOfDay.size >= CACHE_MAX) msOfDay.clear();
    msOfDay.set(day, ms);
  }
  return ms;
}

/** Epoch milliseconds → the UTC day `YYYY-MM-DD`. */
export function msToDay(ms: number): string {
  let day = dayOfMs.get(ms);
  if (day === undefined) {
    day = new Date(ms).toISOString().slice(0, 10); // throws a RangeError for NaN / out of range, as before
    if (dayOfMs.size >= CACHE_MAX) dayOfMs.clear();
    dayOfMs.set(ms, day);
  }
  return day;
}

/** Adds whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, n: number): string {
  return msToDay(dayToMs(day) + n * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(dayToMs(day)).getUTCDay();
}

export { DAY_MS };
