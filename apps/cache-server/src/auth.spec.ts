import { timingSafeEqual } from 'node:crypto';
import { bearerToken, TokenSet } from './auth';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const W = 'write-token-0123456789';
const R = 'read-token-0123456789a';

describe('TokenSet', () => {
  const tokens = new TokenSet([R, 'other-read-token-xyz'], [W]);

  it('grants write, read or none', () => {
    expect(tokens.check(W)).toBe('write');
    expect(tokens.check(R)).toBe('read');
    expect(tokens.check('other-read-token-xyz')).toBe('read');
    expect(tokens.check('nope')).toBe('none');
    expect(tokens.check(W + 'x')).toBe('none');
    expect(tokens.check(W.slice(0, -1))).toBe('none');
    expect(tokens.check(undefined)).toBe('none');
    expect(tokens.check('')).toBe('none');
  });

  it('a token listed as both read and write is a write token', () => {
    expect(new TokenSet([W], [W]).check(W)).toBe('write');
    expect(new TokenSet([W], [W]).size).toBe(1);
  });

  it('compares fixed-length digests with timingSafeEqual against every token, whatever matches', () => {
    const spy = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;
    {
      for (const presented of [W, R, 'short', 'x'.repeat(500)]) {
        spy.mockClear();
        tokens.check(presented);
        // One comparison per configured token, no early exit, and always 32-byte digests (no length leak).
        expect(spy).toHaveBeenCalledTimes(3);
        for (const [a, b] of spy.mock.calls) {
          expect((a as Buffer).length).toBe(32);
          expect((b as Buffer).length).toBe(32);
        }
      }
    }
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header only', () => {
    expect(bearerToken(`Bearer ${W}`)).toBe(W);
    expect(bearerToken(`bearer ${W}`)).toBe(W);
    expect(bearerToken(`Basic ${W}`)).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
