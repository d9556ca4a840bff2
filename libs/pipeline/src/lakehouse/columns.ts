/**
 * Which Parquet column holds what (pure). Teams' files come from pandas, pyarrow, polars, DuckDB or Spark with
 * their own spellings (`Date`, `timestamp`, `Adj Close`, `adj_close`, `Volume`...): names are compared after
 * lower-casing and dropping every character that is not a letter or digit, so `Adj Close`, `adj_close` and
 * `AdjClose` are the same name.
 */

export type BarField = 'date' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'adjClose';

/** Accepted names per field, normalised, in order of preference (the first alias present wins). */
export const COLUMN_ALIASES: Record<BarField, string[]> = {
  date: ['timestamp', 'date', 'datetime', 'time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
  adjClose: ['adjclose', 'adjustedclose'],
};

export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface BarColumns {
  date: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Absent when the file has no adjusted close. */
  adjClose?: string;
}

/**
 * Maps fields to the file's column names. `pandasIndex` are the index columns named in the file's `pandas`
 * metadata (a DataFrame written with its DatetimeIndex): used for the date when no column has a date name.
 * Throws a one-line error naming the file and the column problem.
 */
export function resolveBarColumns(file: string, names: string[], pandasIndex: string[] = []): BarColumns {
  const list = names.join(', ');
  const pick = (field: BarField): string | undefined => {
    for (const alias of COLUMN_ALIASES[field]) {
      const hits = names.filter((n) => normalizeColumnName(n) === alias);
      if (hits.length > 1) {
        throw new Error(
          `${file}: ambiguous columns ${hits.map((h) => JSON.stringify(h)).join(' and ')}; expected one ${field === 'adjClose' ? 'adjusted close' : field} column`,
        );
      }
      if (hits.length === 1) return hits[0];
    }
    return undefined;
  };
  let date = pick('date');
  if (date === undefined) {
    // pandas keeps an unnamed DatetimeIndex as `__index_level_0__`, a named one under its name.
    date = pandasIndex.find((n) => names.includes(n)) ?? names.find((n) => n === '__index_level_0__');
  }
  if (date === undefined) {
    throw new Error(`${file}: no date column; expected one named timestamp, date, datetime or time (any case), or a pandas index (columns: ${list})`);
  }
  const out = { date } as BarColumns;
  for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const n = pick(field);
    if (n === undefined) throw new Error(`${file}: missing column "${field}" (columns: ${list})`);
    out[field] = n;
  }
  const adj = pick('adjClose');
  if (adj !== undefined) out.adjClose = adj;
  return out;
}

/** Index column names from the `pandas` key-value metadata (JSON with `index_columns`), [] when absent or odd. */
export function pandasIndexColumns(pandasJson: string | undefined): string[] {
  const meta = parsePandas(pandasJson);
  const idx = meta?.index_columns;
  return Array.isArray(idx) ? idx.filter((c): c is string => typeof c === 'string') : [];
}

/** The time zone pandas recorded for a column (`datetime64[ns, Europe/Paris]`), if any. */
export function pandasTimezone(pandasJson: string | undefined, column: string): string | undefined {
  const meta = parsePandas(pandasJson);
  const cols = Array.isArray(meta?.columns) ? meta.columns : [];
  for (const c of cols as { name?: unknown; field_name?: unknown; metadata?: { timezone?: unknown } | null }[]) {
    if (c && (c.field_name === column || c.name === column)) {
      const tz = c.metadata?.timezone;
      return typeof tz === 'string' && tz !== '' ? tz : undefined;
    }
  }
  return undefined;
}

function parsePandas(json: string | undefined): { index_columns?: unknown; columns?: unknown } | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as { index_columns?: unknown; columns?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
