import { sleeveWeights } from './allocate';

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
