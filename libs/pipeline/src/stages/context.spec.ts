import { relativizeMessage } from './context';

describe('relativizeMessage', () => {
  const ctx = {
    workspaceRoot: '/home/u/ws',
    projectRoot: '/home/u/ws/apps/s1',
    sandboxDir: '/home/u/ws/tmp/sleeves/s1-dev-abc',
    artifactsDir: '/home/u/ws/tmp/sleeves/s1-dev-abc/data/artifacts',
    logsDir: '/home/u/ws/tmp/sleeves/s1-dev-abc/data/logs',
    lakehouseDir: '/home/u/ws/tmp/sleeves/s1-dev-abc/data/lakehouse',
  };
  it('replaces absolute directories, longest first, and keeps one line', () => {
    expect(relativizeMessage('/home/u/ws/apps/s1/sleeve.json: bad\n  at /home/u/ws/tmp/sleeves/s1-dev-abc/data/lakehouse/X_1d.parquet', ctx)).toBe(
      'apps/s1/sleeve.json: bad at <lakehouse>/X_1d.parquet',
    );
    expect(relativizeMessage('see /home/u/ws/sleeve.defaults.json', ctx)).toBe('see <workspace>/sleeve.defaults.json');
  });
  it('names a project outside the workspace <project>', () => {
    expect(relativizeMessage('/elsewhere/p/sleeve.json', { ...ctx, projectRoot: '/elsewhere/p' })).toBe('<project>/sleeve.json');
  });
});
