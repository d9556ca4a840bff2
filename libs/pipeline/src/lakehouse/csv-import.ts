import * as fs from 'node:fs';
import { writeBarsParquet } from './bars-parquet';
import { validateSymbolId } from './catalog';
import type { Bars } from './types';

/** Converts a simple CSV (header with `date` or `timestamp`, open, high, low, close, volume; commas,
 * no quoted commas) into a lakehouse Parquet file. A convenience for bringing in small data sets. */
export async function importCsv(csvFile: string, outFile: string, id?: string): Promise<void> {
  const text = fs.readFileSync(csvFile, 'utf8');
  const bars = parseBarsCsv(text, csvFile, id ?? idFromFile(outFile));
  await writeBarsParquet(outFile, bars);
}

function idFromFile(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/(_1d)?\.parquet$/, '');
  return validateSymbolId(base, `${file}: file name`);
}

/** Pure CSV → Bars (errors name the file, line and column). */
export function parseBarsCsv(text: string, file: string, id: string): Bars {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${file}: empty CSV, expected a header line`);
  const header = lines[0].split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const dateIdx = col('timestamp') >= 0 ? col('timestamp') : col('date');
  if (dateIdx < 0) throw new Error(`${file}: header: expected a "date" or "timestamp" column, got ${header.join(',')}`);
  const names = ['open', 'high', 'low', 'close', 'volume'] as const;
  const idx = names.map((n) => {
    const i = col(n);
    if (i < 0) throw new Error(`${file}: header: missing column "${n}" (got ${header.join(',')})`);
    return i;
  });
  const n = lines.length - 1;
  const bars: Bars = {
    id,
    dates: new Array<string>(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const raw = cells[dateIdx] ?? '';
    const day = /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(raw) ? raw.slice(0, 10) : '';
    if (!day) throw new Error(`${file}: line ${r + 2}: ${header[dateIdx]}: expected YYYY-MM-DD, got ${JSON.stringify(raw)}`);
    bars.dates[r] = day;
    names.forEach((name, k) => {
      const cell = cells[idx[k]];
      const v = cell === '' || cell === undefined ? NaN : Number(cell);
      if (cell !== '' && cell !== undefined && Number.isNaN(v)) {
        throw new Error(`${file}: line ${r + 2}: ${name}: expected a number, got ${JSON.stringify(cell)}`);
      }
      bars[name][r] = v;
    });
  }
  return bars;
}
