import { liveOutput } from './live-output';

describe('liveOutput', () => {
  it('live lines only in the TUI, unless NX_SLEEVES_LIVE_OUTPUT says otherwise', () => {
    expect(liveOutput({ NX_TUI: 'true' })).toBe(true);
    expect(liveOutput({ NX_TUI: 'false' })).toBe(false);
    expect(liveOutput({})).toBe(false);
    expect(liveOutput({ NX_TUI: 'false', NX_SLEEVES_LIVE_OUTPUT: 'true' })).toBe(true);
    expect(liveOutput({ NX_TUI: 'true', NX_SLEEVES_LIVE_OUTPUT: 'false' })).toBe(false);
    expect(() => liveOutput({ NX_SLEEVES_LIVE_OUTPUT: 'yes' })).toThrow('env NX_SLEEVES_LIVE_OUTPUT: invalid value "yes"; expected true or false');
  });
});
