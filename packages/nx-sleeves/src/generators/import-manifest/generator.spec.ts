import { addProjectConfiguration, logger, readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMetaPortfolio, parseSleeveProfile } from '../../graph/profile';
import { metaErrors, sleeveErrors } from '../__fixtures__/profile-schemas';
import { importManifest } from './generator';
import type { ImportManifestGeneratorSchema } from './schema';

const FIXTURE = path.join(__dirname, '__fixtures__', 'manifest.json');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf-8');

describe('import-manifest generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;
  let info: jest.SpyInstance;
  const run = (o: Partial<ImportManifestGeneratorSchema> = {}) =>
    importManifest(tree, { manifest: 'configs/manifest.json', directory: 'apps/imported', skipFormat: true, ...o });
  const failure = async (o: Partial<ImportManifestGeneratorSchema> = {}): Promise<string> => {
    try {
      await run(o);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the generator to fail');
  };

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('configs/manifest.json', FIXTURE_TEXT);
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes one folder per profile: sleeve.json for sleeves, meta-portfolio.json for metas, nothing for aliases', async () => {
    await run();
    const written = tree
      .listChanges()
      .map((c) => c.path)
      .filter((p) => p.startsWith('apps/imported/'))
      .sort();
    expect(written).toEqual([
      'apps/imported/crypto_trend/sleeve.json',
      'apps/imported/etf_defensive/sleeve.json',
      'apps/imported/meta_crypto/meta-portfolio.json',
      'apps/imported/meta_global/meta-portfolio.json',
      'apps/imported/nx-sleeves-import.json', // which projects this import created (a re-import updates exactly those)
      'apps/imported/production/sleeve.json',
      'apps/imported/us_quality/sleeve.json',
    ]);
  });

  it("writes profiles that pass the pipeline's JSON Schemas and that the graph plugin reads as the same projects", async () => {
    const mapping = await run();
    for (const p of mapping.projects) {
      const file = `apps/imported/${p.name}/${p.file}`;
      const json = readJson(tree, file);
      const info = p.kind === 'sleeve' ? parseSleeveProfile(json, file) : parseMetaPortfolio(json, file);
      expect(info.name).toBe(p.name);
      expect({ project: p.name, errors: p.kind === 'sleeve' ? sleeveErrors(json) : metaErrors(json) }).toEqual({ project: p.name, errors: [] });
    }
  });

  it('prints, per profile, every field it could not map', async () => {
    await run();
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    const forProfile = (name: string) => warnings.find((w) => w.startsWith(`nx-sleeves: profile ${name}:`));
    expect(forProfile('us_quality')).toMatch(/risk\.engine="black_litterman": no such risk engine here/);
    expect(forProfile('us_quality')).toMatch(/features\.quality_score=true/);
    expect(forProfile('meta_global')).toMatch(/meta_allocation\.rebalance="monthly"/);
    expect(forProfile('meta_crypto')).toBeUndefined();
    expect(warnings.find((w) => w.startsWith('nx-sleeves: manifest top level:'))).toMatch(/pipelines=/);
    const infos = info.mock.calls.map((c) => String(c[0])).join('\n');
    expect(infos).toContain('sleeve production <- profiles.production (aliases: prod): apps/imported/production/sleeve.json');
    expect(infos).toContain('default_profile -> run it with: nx run production:sleeve');
    expect(infos).toContain('meta_global pins production run 2024Q4: produce it once with: nx run production:sleeve --runId=2024Q4');
  });

  it('registers the plugin if needed, so the imported projects are inferred', async () => {
    await run();
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-sleeves', options: { lakehouseTarget: 'market-data:lakehouse' } }]);
  });

  it('refuses a name an Nx project already has', async () => {
    addProjectConfiguration(tree, 'meta_crypto', { root: 'libs/meta_crypto' });
    expect(await failure()).toBe(
      '--prefix: expected a prefix that keeps "meta_crypto" unique (libs/meta_crypto/ (project meta_crypto) uses that name), got ""',
    );
  });

  it('reads a manifest outside the workspace by absolute path', async () => {
    const mapping = await run({ manifest: FIXTURE });
    expect(mapping.projects).toHaveLength(6);
    expect(readJson(tree, 'apps/imported/production/sleeve.json').notes).toContain(`Imported from ${FIXTURE}`);
  });

  it('updates its own projects on re-import, printing what changed, and never touches other projects', async () => {
    tree.write('apps/imported/hand-made/sleeve.json', JSON.stringify({ name: 'hand-made', risk: { engine: 'hrp' } }));
    await run();
    const json = JSON.parse(FIXTURE_TEXT);
    json.profiles.production.description = 'changed';
    json.profiles.crypto_trend.risk.engine = 'hrp';
    delete json.profiles.us_quality;
    json.profiles.meta_global.sleeves = json.profiles.meta_global.sleeves.filter((e: { id: string }) => e.id !== 'quality');
    tree.write('configs/manifest.json', JSON.stringify(json));
    const etf = readJson(tree, 'apps/imported/etf_defensive/sleeve.json');
    tree.write('apps/imported/etf_defensive/sleeve.json', JSON.stringify({ ...etf, resources: { memoryMb: 1024 }, tags: ['team'] }));
    info.mockClear();
    const again = await run();
    expect(readJson(tree, 'apps/imported/etf_defensive/sleeve.json')).toMatchObject({ resources: { memoryMb: 1024 }, tags: ['team'] });
    expect(readJson(tree, 'apps/imported/production/sleeve.json').description).toBe('changed');
    expect(readJson(tree, 'apps/imported/crypto_trend/sleeve.json').risk.engine).toBe('hrp');
    expect(tree.exists('apps/imported/us_quality/sleeve.json')).toBe(false);
    expect(readJson(tree, 'apps/imported/hand-made/sleeve.json')).toEqual({ name: 'hand-made', risk: { engine: 'hrp' } });
    expect(again.changes.filter((c) => c.action !== 'unchanged')).toEqual([
      { project: 'production', action: 'updated', details: ['description: "US equities: HRP on the momentum leaders" -> "changed"'] },
      { project: 'crypto_trend', action: 'updated', details: ['risk.engine: "risk_parity" -> "hrp"'] },
      { project: 'meta_global', action: 'updated', details: ['sleeves[2].id: "quality" -> (none)', 'sleeves[2].project: "us_quality" -> (none)'] },
      { project: 'us_quality', action: 'removed', details: ['profile us_quality is no longer in the manifest'] },
    ]);
    const infos = info.mock.calls.map((c) => String(c[0])).join('\n');
    expect(infos).toContain('updated crypto_trend:\n      risk.engine: "risk_parity" -> "hrp"');
    expect(infos).toContain('removed us_quality');
    expect(infos).toContain('2 project(s) unchanged');
  });

  it('refuses to write over profile files it did not create unless --overwrite', async () => {
    tree.write('apps/imported/production/sleeve.json', JSON.stringify({ name: 'production' }));
    expect(await failure()).toBe(
      '--directory: expected a folder without apps/imported/production/sleeve.json (pass --overwrite to replace it), got "apps/imported"',
    );
    await run({ overwrite: true });
    expect(readJson(tree, 'apps/imported/production/sleeve.json').description).toBe('US equities: HRP on the momentum leaders');
  });

  it('refuses names that clash with existing profiles elsewhere; --prefix avoids it', async () => {
    tree.write('apps/production/sleeve.json', JSON.stringify({ name: 'production' }));
    expect(await failure()).toBe('--prefix: expected a prefix that keeps "production" unique (apps/production/sleeve.json uses that name), got ""');
    const mapping = await run({ prefix: 'py-' });
    expect(mapping.projects.map((p) => p.name)).toContain('py-production');
    expect(readJson(tree, 'apps/imported/py-meta_global/meta-portfolio.json').sleeves[0]).toEqual({ id: 'core', project: 'py-production', runId: '2024Q4' });
  });

  it('fails with one line for a missing manifest, malformed JSON, or a malformed field', async () => {
    expect(await failure({ manifest: 'configs/nope.json' })).toBe(
      '--manifest: expected an existing JSON file (relative to the workspace root, or absolute), got "configs/nope.json"',
    );
    tree.write('configs/broken.json', '{ "profiles": ');
    expect(await failure({ manifest: 'configs/broken.json' })).toMatch(/^configs\/broken\.json: invalid JSON: /);
    const json = JSON.parse(FIXTURE_TEXT);
    json.profiles.crypto_trend.data.lookback_days = 'abc';
    tree.write('configs/manifest.json', JSON.stringify(json));
    expect(await failure()).toBe('configs/manifest.json: profiles.crypto_trend.data.lookback_days: expected a positive integer, got "abc"');
    expect(tree.listChanges().filter((c) => c.path.startsWith('apps/'))).toEqual([]);
  });

  it('rejects a bad --prefix or --directory before reading anything', async () => {
    expect(await failure({ prefix: '../' })).toBe('--prefix: expected empty or a prefix matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../"');
    expect(await failure({ directory: 'apps/../..' })).toMatch(/^--directory: expected a folder relative to the workspace root/);
  });
});
