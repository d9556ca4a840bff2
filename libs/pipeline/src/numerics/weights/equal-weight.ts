import { fail } from '../validate';

/** n weights of 1/n. */
export function equalWeight(n: number): number[] {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('equalWeight', 'n', n, 'an integer ≥ 1');
  return new Array<number>(n).fill(1 / n);
}
