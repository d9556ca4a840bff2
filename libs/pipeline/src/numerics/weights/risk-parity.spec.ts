import { riskParity } from './risk-parity';
import { inverseVol } from './inverse-vol';
import { riskContributions } from './risk-contributions';
import { covariance } from '../covariance';
import { randomCovariance, randomReturns } from '../__fixtures__/prng';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

function expectErc(w: number[], cov: number[][], tol = 1e-6) {
  expect(Math.abs(sum(w) - 1)).toBeLessThan(1e-9);
  expect(Math.min(...w)).toBeGreaterThan(0);
  const rc = riskContributions(w, cov);
  expect(Math.max(...rc.map((r) => Math.abs(r - 1 / w.length)))).toBeLessThan(tol);
}

describe('riskParity: hand-computed', () => {
  it('is inverse-vol for two assets, whatever their correlation', () => {
    // σ = 0.2, 0.3 → w = 0.3/0.5, 0.2/0.5
    for (const rho of [-0.8, 0, 0.5, 0.95]) {
      const c = rho * 0.2 * 0.3;
      const w = riskParity([
        [0.04, c],
        [c, 0.09],
      ]);
      expect(w[0]).toBeCloseTo(0.6, 12);
      expect(w[1]).toBeCloseTo(0.4, 12);
    }
  });
  it('is inverse-vol when all correlations are equal', () => {
    const sd = [0.1, 0.2, 0.25, 0.4];
    const cov = sd.map((a, i) => sd.map((b, j) => (i === j ? a * a : 0.3 * a * b)));
    const w = riskParity(cov);
    const iv = inverseVol(cov);
    for (let i = 0; i < 4; i++) expect(w[i]).toBeCloseTo(iv[i], 12);
  });
  it('differs from inverse-vol when correlations differ, and equalises risk contributions', () => {
    // assets 0 and 1 are highly correlated, 2 is independent: ERC gives 2 more than inverse-vol does
    const cov = [
      [0.04, 0.036, 0],
      [0.036, 0.04, 0],
      [0, 0, 0.04],
    ];
    const w = riskParity(cov);
    expect(w[2]).toBeGreaterThan(1 / 3 + 0.05);
    expectErc(w, cov, 1e-12);
  });
});

describe('riskParity: properties on seeded random covariances', () => {
  it('equalises risk contributions within 1e-6 (n = 2 … 80)', () => {
    for (const [seed, n] of [
      [1, 2],
      [2, 5],
      [3, 10],
      [4, 25],
      [5, 50],
      [6, 80],
    ]) {
      expectErc(riskParity(randomCovariance(seed, n)), randomCovariance(seed, n));
      const cov = covariance(randomReturns(seed, 260, n));
      expectErc(riskParity(cov), cov);
    }
  });

  it('works on a singular covariance (fewer days than assets) and with a negatively correlated pair', () => {
    const cov = covariance(randomReturns(9, 10, 25)); // rank ≤ 9
    expectErc(riskParity(cov), cov);
    // perfectly opposite assets: any 50/50 mix is riskless; both contribute 0 — equal
    expect(
      riskParity([
        [1, -1],
        [-1, 1],
      ]),
    ).toEqual([0.5, 0.5]);
  });

  it('finds a riskless long-only mix when one exists (3 assets, 3 days: a positive null vector)', () => {
    // rank-2 covariance whose null vector (0.878, 0.020, 0.479) is positive: every risk contribution of
    // that mix is 0, so ERC degenerates; the ridge path tends to exactly that mix.
    const cov = [
      [0.00010356136362315744, 0.00006237016228185697, -0.00019241851284680476],
      [0.00006237016228185697, 0.000937309816967476, -0.0001527700140829137],
      [-0.00019241851284680476, -0.0001527700140829137, 0.00035902850613892787],
    ];
    const w = riskParity(cov);
    expect(Math.abs(sum(w) - 1)).toBeLessThan(1e-9);
    const null_ = [0.87772555, 0.01962694, 0.47876158];
    const ns = sum(null_);
    for (let i = 0; i < 3; i++) expect(w[i]).toBeCloseTo(null_[i] / ns, 4);
    expect(riskContributions(w, cov)).toEqual([0, 0, 0]); // riskless: no risk to share
  });

  it('gives zero-variance assets all the weight and a single asset weight 1', () => {
    expect(
      riskParity([
        [0.04, 0, 0],
        [0, 0, 0],
        [0, 0, 0.09],
      ]),
    ).toEqual([0, 1, 0]);
    expect(riskParity([[0.04]])).toEqual([1]);
  });
});
