import { checkWindows, type SleeveProfile } from '../profile';
import type { ArtifactWriter } from './artifact-writer';
import { returnsMatrixCsv, returnsOnCalendar } from './returns-matrix';
import type { StageOutcome } from './run-stage';
import type { PriceSeries, ReturnsMatrix } from './series';

/** Stage 3: the returns matrix of the symbols in the window on the sleeve's calendar, then `checkWindows`. */
export function returnsStage(
  writer: ArtifactWriter,
  profile: SleeveProfile,
  inWindow: PriceSeries[],
  priceDates: string[],
  marketOf: (id: string) => string,
  calendarFrom: PriceSeries[],
): StageOutcome<ReturnsMatrix> {
  const matrix = returnsOnCalendar(inWindow, priceDates, { marketOf, calendarFrom, maxGapDays: profile.data.maxGapDays });
  checkWindows(profile, matrix.dates.length);
  writer.write('data/returns_matrix.csv', returnsMatrixCsv(matrix));
  return {
    value: matrix,
    summary: `${matrix.dates.length} days × ${matrix.ids.length} assets (${matrix.dates[0]} → ${matrix.dates[matrix.dates.length - 1]})`,
    detail: { days: matrix.dates.length, assets: matrix.ids.length },
  };
}
