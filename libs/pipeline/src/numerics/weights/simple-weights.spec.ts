import { equalWeight } from './equal-weight';
import { inverseVariance, inverseVol } from './inverse-vol';
import { riskContributions, portfolioVariance } from './risk-contributions';

describe('equalWeight', () => {
  it('gives n weights of 1/n', () => {
    expect(equalWeight(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(equalWeight(1)).toEqual([1]);
  });
  it('rejects n that is not a positive integer', () => {
    expect(() => equalWeight(0)).toThrow('equalWeight: n = 0, expected an integer ≥ 1');
    expect(() => equalWeight(2.5)).toThrow('equalWeight: n = 2.5, expected an integer ≥ 1');
  });
});

describe('inverseVol', () => {
  it('weights ∝ 1/σ (hand-computed)', () => {
    // σ = 0.1, 0.2, 0.4 → 1/σ = 10, 5, 2.5 → / 17.5
    const cov = [
      [0.01, 0.002, 0],
      [0.002, 0.04, 0.01],
      [0, 0.01, 0.16],
    ];
    const w = inverseVol(cov);
    expect(w[0]).toBeCloseTo(10 / 17.5, 15);
    expect(w[1]).toBeCloseTo(5 / 17.5, 15);
    expect(w[2]).toBeCloseTo(2.5 / 17.5, 15);
    // inverse variance: 100, 25, 6.25 → / 131.25
    expect(inverseVariance(cov)[0]).toBeCloseTo(100 / 131.25, 15);
  });
  it('gives all the weight to zero-variance assets (the σ → 0 limit)', () => {
    expect(
      inverseVol([
        [0, 0, 0],
        [0, 0.04, 0],
        [0, 0, 0],
      ]),
    ).toEqual([0.5, 0, 0.5]);
    expect(inverseVol([[0]])).toEqual([1]);
  });
  it('rejects a non-square, asymmetric or negative-variance matrix', () => {
    expect(() => inverseVol([[1, 0]])).toThrow('inverseVol: cov[0].length = 2, expected 1 (a square matrix)');
    expect(() =>
      inverseVol([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toThrow('inverseVol: cov[1][0] = 0.4, expected 0.5 (cov[0][1]; a symmetric matrix)');
    expect(() => inverseVol([[-1]])).toThrow('inverseVol: cov[0][0] = -1, expected a variance ≥ 0');
    expect(() => inverseVol([])).toThrow('inverseVol: cov = array(0), expected a non-empty square matrix');
  });
});

describe('riskContributions', () => {
  it('gives each asset its share of wᵀΣw (hand-computed)', () => {
    const cov = [
      [0.04, 0.01],
      [0.01, 0.09],
    ];
    const w = [0.6, 0.4];
    // Σw = [0.028, 0.042]; w∘Σw = [0.0168, 0.0168]; total 0.0336
    const v = portfolioVariance(w, cov);
    expect(v).toBeCloseTo(0.0336, 15);
    const rc = riskContributions(w, cov);
    expect(rc[0]).toBeCloseTo(0.5, 14);
    expect(rc[1]).toBeCloseTo(0.5, 14);
  });
  it('is all zeros for a riskless portfolio and rejects a length mismatch', () => {
    expect(
      riskContributions(
        [1, 0],
        [
          [0, 0],
          [0, 1],
        ],
      ),
    ).toEqual([0, 0]);
    expect(() =>
      riskContributions(
        [1],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toThrow('riskContributions: w.length = 1, expected 2 (the size of cov)');
  });
});
