import { flattenWeights } from './allocate';

describe('flattenWeights', () => {
  it('nets a short sleeve against a long sleeve asset by asset (signed weights)', () => {
    const long = { A: 0.6, B: 0.4 };
    const short = { A: -0.5, C: -0.5 };
    const out = flattenWeights([0.5, 0.5], [long, short]);
    expect(out.A).toBeCloseTo(0.05, 15);
    expect(out.B).toBeCloseTo(0.2, 15);
    expect(out.C).toBeCloseTo(-0.25, 15);
    // the meta's net exposure is Σ sleeve weight × sleeve net exposure: 0.5 × 1 + 0.5 × (−1)
    expect(Object.values(out).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 15);
  });
});
