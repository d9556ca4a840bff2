import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfile } from './load-profile';
import { loadMetaProfile } from './meta-profile';

/** The workspace's own sleeve.defaults.json and every sample project under apps/ must load. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const apps = fs.existsSync(path.join(ROOT, 'apps')) ? fs.readdirSync(path.join(ROOT, 'apps')).sort() : [];
const sleeves = apps.filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'sleeve.json')));
const metas = apps.filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'meta-portfolio.json')));

describe('workspace profiles', () => {
  it('sleeve.defaults.json validates and is what a minimal profile gets', () => {
    const defaults = JSON.parse(fs.readFileSync(path.join(ROOT, 'sleeve.defaults.json'), 'utf8'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-defaults-'));
    try {
      fs.writeFileSync(path.join(tmp, 'sleeve.json'), JSON.stringify({ name: 'minimal', universe: { market: 'etf' } }));
      const p = loadProfile({ workspaceRoot: ROOT, projectRoot: tmp, env: {} });
      expect(p).toEqual({ name: 'minimal', universe: { market: 'etf' }, ...defaults });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
  (sleeves.length ? it.each(sleeves) : it.skip.each(['(none)']))('apps/%s/sleeve.json loads and validates', (app) => {
    const p = loadProfile({ workspaceRoot: ROOT, projectRoot: path.join(ROOT, 'apps', app), env: {} });
    expect(p.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });
  (metas.length ? it.each(metas) : it.skip.each(['(none)']))('apps/%s/meta-portfolio.json loads and validates', (app) => {
    const m = loadMetaProfile(path.join(ROOT, 'apps', app, 'meta-portfolio.json'), { workspaceRoot: ROOT });
    expect(m.sleeves.length).toBeGreaterThanOrEqual(2);
  });
});
