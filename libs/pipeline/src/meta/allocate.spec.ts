import { flattenWeights, sleeveWeights } from './allocate';

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

describe('sleeveWeights', () => {
  const window = [[0.01], [-0.02], [0.005]];
  it.each(['hrp', 'equal_weight', 'inverse_vol', 'risk_parity'])('gives a single sleeve weight 1 (%s)', (engine) => {
    expect(sleeveWeights(window, { engine, minWeight: 0, maxWeight: 1 } as never)).toEqual([1]);
  });
  it('still refuses bounds a single sleeve cannot meet', () => {
    expect(() => sleeveWeights(window, { engine: 'hrp', minWeight: 0, maxWeight: 0.5 } as never)).toThrow(
      'allocation: bounds [0, 0.5] are infeasible for 1 sleeves',
    );
  });
});
