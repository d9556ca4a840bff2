import { envDifferences } from './task-env';

describe('envDifferences', () => {
  it('names the variables a sleeve would see differently (its allow-list), never values', () => {
    const batch = { PATH: '/bin', HOME: '/h', TV_A__B: '1', TV_PROFILE: 'x' };
    expect(envDifferences({ ...batch }, batch)).toEqual([]);
    expect(envDifferences({ ...batch, TV_A__B: '2', TV_NEW: 'y', HOME: '/other', TV_PROFILE: 'y' }, batch)).toEqual(['TV_A__B', 'TV_NEW']);
    expect(envDifferences({ PATH: '/bin', HOME: '/h', TV_PROFILE: 'x' }, batch)).toEqual(['TV_A__B']); // unset in the task
    expect(envDifferences({ ...batch, PYTHONPATH: 'src' }, batch)).toEqual(['PYTHONPATH']);
    expect(envDifferences({ ...batch, MY_KEY: 'k' }, batch, ['MY_*'])).toEqual(['MY_KEY']);
  });
});
