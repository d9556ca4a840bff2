/** The promises every weighting makes, checked together over seeded random inputs of many sizes. */
import { covariance } from '../covariance';
import { mulberry32, randomCovariance, randomReturns } from '../__fixtures__/prng';
import { equalWeight } from './equal-weight';
import { hrp } from './hrp';
import { inverseVol } from './inverse-vol';
import { minVariance } from './min-variance';
import { riskParity } from './risk-parity';

describe('every weighting: long-only, Σw = 1 within 1e-9, caps hold', () => {
  it('holds over 40 seeded covariances (n = 1 … 40, some singular)', () => {
    const rand = mulberry32(99);
    const failures: string[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + trial;
      const cov = trial % 3 === 0 ? randomCovariance(trial, n) : covariance(randomReturns(trial, trial % 3 === 1 ? 200 : Math.max(3, n >> 1), n));
      const cap = Math.max(1 / n, rand());
      const results: Record<string, number[]> = {
        equalWeight: equalWeight(n),
        inverseVol: inverseVol(cov),
        minVariance: minVariance(cov, { maxWeight: cap }),
        riskParity: riskParity(cov),
        hrp: hrp(cov),
      };
      for (const [name, w] of Object.entries(results)) {
        const sum = w.reduce((a, b) => a + b, 0);
        const limit = name === 'minVariance' ? cap : 1;
        if (w.length !== n || Math.abs(sum - 1) > 1e-9 || w.some((x) => !(x >= 0 && x <= limit))) {
          failures.push(`${name} n=${n} cap=${cap}: sum ${sum}, min ${Math.min(...w)}, max ${Math.max(...w)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
