import { assertName, isValidName, NAME_PATTERN, validateName } from './names';
import { isSymbolId } from './symbols';

const BAD = ['../x', '..', 'a/b', 'a\\b', '', '.hidden', '-x', 'a b', 'a\nb'];

describe('names', () => {
  it('accepts letters, digits, dot, underscore and dash after a letter or digit; refuses separators and a leading dot', () => {
    for (const ok of ['crypto-trend_v2.1', 'A', '2024Q4', 'x..y']) expect(isValidName(ok)).toBe(true);
    for (const bad of [...BAD, undefined, 3, null]) expect(isValidName(bad)).toBe(false);
    expect(NAME_PATTERN.source).toBe('^[A-Za-z0-9][A-Za-z0-9._-]*$');
  });

  it('assertName and validateName throw one line naming the field, the value and the pattern', () => {
    expect(assertName('runId', 'r1')).toBe('r1');
    expect(() => assertName('apps/x/sleeve.json: name', '../x')).toThrow(
      'apps/x/sleeve.json: name: invalid value "../x"; expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$',
    );
    expect(validateName('profile', 'crypto-trend_v2.1')).toBe('crypto-trend_v2.1');
    for (const bad of BAD) {
      let message = '';
      try {
        validateName('profile', bad);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(
        `profile: invalid value ${JSON.stringify(bad)}; expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$ (letters, digits, '.', '_', '-'; no path separators)`,
      );
      expect(message).not.toContain('\n');
    }
  });
});

describe('symbol ids', () => {
  it('are <EXCHANGE>_<SYMBOL> without path separators or ".."', () => {
    for (const ok of ['NASDAQ_AAPL', 'NYSE_BRK.B', 'BINANCE_BTC-USDT', 'NYSE.ARCA_SPY']) expect(isSymbolId(ok)).toBe(true);
    for (const bad of ['AAPL', '_AAPL', 'NASDAQ_', 'NASDAQ_../x', 'A.._B', 'A/B_C', 'NASDAQ:AAPL', 7]) expect(isSymbolId(bad)).toBe(false);
  });
});
