import { parseEnvOverrides } from './env-overrides';
import { deepMerge } from './merge';
import { schemaFor } from './schemas';

const { schema } = schemaFor('sleeve');
const parse = (env: Record<string, string>) => parseEnvOverrides(env, schema).map(({ key, path, value }) => [key, path.join('.'), value]);

describe('TV_ env overrides (pure)', () => {
  it('maps sections and fields case-insensitively, ignoring underscores, in sorted key order', () => {
    expect(parse({ TV_risk__MaxWeight: '0.2', TV_BACKTEST__COST_BPS: '7.5', TV_UNIVERSE__MIN_HISTORY_DAYS: '300' })).toEqual([
      ['TV_BACKTEST__COST_BPS', 'backtest.costBps', 7.5],
      ['TV_UNIVERSE__MIN_HISTORY_DAYS', 'universe.minHistoryDays', 300],
      ['TV_risk__MaxWeight', 'risk.maxWeight', 0.2],
    ]);
  });
  it('keeps strings for string fields, parses JSON for others, splits comma lists for arrays', () => {
    expect(
      parse({
        TV_BACKTEST__BENCHMARK: '123',
        TV_DATA__STRICT_HEALTH: 'false',
        TV_UNIVERSE__SYMBOLS: 'A_B,C_D',
        TV_UNIVERSE__EXCHANGES: '["NYSE"]',
        TV_RISK__ENGINE: 'hrp',
      }),
    ).toEqual([
      ['TV_BACKTEST__BENCHMARK', 'backtest.benchmark', '123'],
      ['TV_DATA__STRICT_HEALTH', 'data.strictHealth', false],
      ['TV_RISK__ENGINE', 'risk.engine', 'hrp'],
      ['TV_UNIVERSE__EXCHANGES', 'universe.exchanges', ['NYSE']],
      ['TV_UNIVERSE__SYMBOLS', 'universe.symbols', ['A_B', 'C_D']],
    ]);
  });
  it('ignores TV_PROFILE, TV_RUN_ID, variables without __ and other prefixes', () => {
    expect(parse({ TV_PROFILE: 'p', TV_RUN_ID: 'r', TV_TOKEN: 'secret', RISK__ENGINE: 'hrp', XTV_RISK__ENGINE: 'hrp' })).toEqual([]);
  });
});

describe('deepMerge', () => {
  it('merges objects, replaces arrays and scalars, leaves inputs untouched', () => {
    const a = { x: { y: 1, list: [1, 2] }, keep: true };
    const b = { x: { z: 2, list: [3] }, keep: false };
    expect(deepMerge(a, undefined, b)).toEqual({ x: { y: 1, z: 2, list: [3] }, keep: false });
    expect(a).toEqual({ x: { y: 1, list: [1, 2] }, keep: true });
  });
});
