/**
 * A manifest shaped like a real quant platform's configs/manifest.json (__fixtures__/platform-manifest.json):
 * enabled_markets lists, scanner paths, feature flags, engine/profile lists, metas with "" / null / pinned run ids,
 * a single-sleeve meta, and profiles the pipeline would refuse. Mapped, checked with the pipeline's profile loader
 * against the built-in synthetic market, written to a tree.
 */
import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentOf } from './__fixtures__/mapped-content';
import { importManifest, type ImportResult } from './generator';
import { mapManifest } from './map-manifest';

const FIXTURE = path.join(__dirname, '__fixtures__', 'platform-manifest.json');
const TEXT = fs.readFileSync(FIXTURE, 'utf-8');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../libs/pipeline/schema/sleeve.schema.json'), 'utf-8'));
if (!fs.existsSync(path.join(__dirname, '../../../../../libs/pipeline/dist/profile/index.js'))) {
  throw new Error('libs/pipeline/dist is missing: run `npm run build` (npm test does); the import checks profiles with it');
}
/** max_sharpe lands in the pipeline on another branch: until then the schema refuses it, which is the right outcome. */
const MAX_SHARPE_IN_SCHEMA: boolean = SCHEMA.properties.risk.properties.engine.enum.includes('max_sharpe');

describe('a real platform manifest: mapping', () => {
  const m = mapManifest(JSON.parse(TEXT), { source: 'configs/manifest.json' });
  const content = (name: string) => contentOf(m.projects.find((p) => p.name === name)!);

  it('maps enabled_markets to one market or a list, and says where a market came from', () => {
    expect(content('production_2026_q1').universe.market).toBe('us_equity');
    expect(content('institutional_etf').universe.market).toEqual(['etf', 'us_equity']);
    expect(content('canary').universe.market).toEqual(['us_equity', 'crypto']);
    expect(m.notes.canary).toContain('universe.market us_equity, crypto: from the manifest defaults');
    const bare = mapManifest({ profiles: { s: { description: 'no market anywhere' } } });
    expect(contentOf(bare.projects[0]).universe.market).toEqual(['us_equity', 'crypto', 'etf']);
    expect(bare.notes.s).toEqual(['universe.market us_equity, crypto, etf: no market in the profile or the defaults, the whole lakehouse']);
  });

  it('reads scanner paths and names: bond scanners → assetClasses, binance_spot_* → exchanges', () => {
    expect(content('bond_carry').universe).toEqual({ market: 'etf', assetClasses: ['bond'] });
    expect(content('binance_spot_rating_all_long').universe).toEqual({ market: 'crypto', exchanges: ['BINANCE'] });
    expect(content('bybit_spot_trend').universe).toEqual({ market: 'crypto', exchanges: ['BYBIT'] });
    expect(m.notes.bybit_spot_trend).toContain('universe.exchanges BYBIT: from its name');
    expect(m.notes.binance_spot_rating_all_long).toContain('universe.exchanges BINANCE: from its scanner names');
    // a scanner without an exchange in its name: the profile's name decides; neither → no exchange filter
    const hinted = mapManifest({
      profiles: {
        okx_spot_x: { discovery: { enabled_markets: 'crypto', scanners: ['scanners/crypto/vol_breakout'] } },
        plain: { discovery: { enabled_markets: 'crypto', scanners: ['scanners/crypto/vol_breakout', 'scanners/crypto/binance_perp_x'] } },
      },
    });
    expect(contentOf(hinted.projects[0]).universe).toEqual({ market: 'crypto', exchanges: ['OKX'] });
    expect(contentOf(hinted.projects[1]).universe).toEqual({ market: 'crypto' });
    // mixed scanners (index, bond, commodity) do not narrow the universe
    expect(content('institutional_etf').universe.assetClasses).toBeUndefined();
    expect(m.unmapped.production_2026_q1).toEqual(
      expect.arrayContaining(['discovery.strategies.trend_following.interval="1d"', 'discovery.strategies.trend_following.strict_health=true']),
    );
  });

  it('never imports a short sleeve as long: feat_short_direction → short, feat_dynamic_direction → long_short', () => {
    expect(content('binance_spot_rating_all_short').selection.direction).toBe('short');
    expect(content('crypto_rating_all').selection.direction).toBe('long_short');
    expect(content('binance_spot_rating_all_long').selection.direction).toBeUndefined(); // long, the default
    expect(m.unmapped.binance_spot_rating_all_short).not.toEqual(expect.arrayContaining([expect.stringMatching(/feat_short_direction/)]));
  });

  it('maps max_sharpe from the engines/profiles lists when it comes first', () => {
    expect(content('crypto_sharpe').risk.engine).toBe('max_sharpe');
    expect(content('crypto_rating_all').risk.engine).toBe('hrp'); // "hrp,max_sharpe,market_neutral"
    expect(content('canary').risk.engine).toBe('min_variance'); // the defaults' list
    expect(m.unmapped.crypto_rating_all).toEqual(
      expect.arrayContaining([
        'backtest.profiles="max_sharpe": not run (a sleeve runs one risk engine; hrp is used)',
        expect.stringMatching(/^backtest\.engines="custom": no such risk engine here/),
      ]),
    );
  });

  it('treats run_id "" and null as not pinned, keeps pinned ones, accepts a single-sleeve meta', () => {
    expect(content('meta_benchmark_fresh').sleeves).toEqual([
      { id: 'long_all', project: 'binance_spot_rating_all_long' },
      { id: 'short_all', project: 'binance_spot_rating_all_short' },
    ]);
    expect(content('meta_benchmark').sleeves.map((s) => s.runId)).toEqual(['final_v2_long', 'final_v2_short']);
    expect(content('meta_single')).toMatchObject({
      sleeves: [{ id: 'test_sleeve', project: 'binance_spot_rating_all_long' }],
      allocation: { engine: 'equal_weight' },
    });
  });
});

describe('a real platform manifest: import', () => {
  let tree: Tree;
  let result: ImportResult;
  let warnings: string[];
  let infos: string;
  beforeAll(async () => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('configs/manifest.json', TEXT);
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    result = await importManifest(tree, { manifest: 'configs/manifest.json', directory: 'apps/team', skipFormat: true });
    warnings = warn.mock.calls.map((c) => String(c[0]));
    infos = info.mock.calls.map((c) => String(c[0])).join('\n');
    jest.restoreAllMocks();
  });

  it("checks every profile with the pipeline's loader and refuses, with the reason, what would not run", () => {
    expect(infos).toContain("every profile checked with the pipeline's profile loader (");
    expect(result.refused.bybit_spot_trend).toBe(
      'apps/team/bybit_spot_trend/sleeve.json: universe.exchanges: unknown exchange "BYBIT" (expected one of AMEX, BINANCE, NASDAQ, NYSE)',
    );
    if (MAX_SHARPE_IN_SCHEMA) {
      expect(result.refused.crypto_sharpe).toBeUndefined();
    } else {
      expect(result.refused.crypto_sharpe).toMatch(/^apps\/team\/crypto_sharpe\/sleeve\.json: risk\.engine: expected one of .*got "max_sharpe"$/);
      expect(result.refused.meta_crypto_sharpe).toBe('sleeves entry "sharpe": profile crypto_sharpe was refused');
      expect(tree.exists('apps/team/crypto_sharpe/sleeve.json')).toBe(false);
    }
    expect(warnings).toContain(`nx-sleeves: profile bybit_spot_trend NOT imported (it would not run): ${result.refused.bybit_spot_trend}`);
    expect(tree.exists('apps/team/bybit_spot_trend/sleeve.json')).toBe(false);
  });

  it('picks the first benchmark the lakehouse holds and reports the other', () => {
    expect(readJson(tree, 'apps/team/crypto_rating_all/sleeve.json').backtest.benchmark).toBe('BINANCE_ETHUSDT');
    expect(result.unmapped.crypto_rating_all).toContain('backtest.benchmark_symbols="BINANCE:BTCUSDT.P": not in the lakehouse');
  });

  it('writes every accepted profile and a state file naming them; says per profile where its market came from', () => {
    const state = readJson(tree, 'apps/team/nx-sleeves-import.json');
    expect(Object.keys(state.imports['configs/manifest.json'].projects).sort()).toEqual(result.projects.map((p) => p.name).sort());
    expect(result.projects.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'production_2026_q1',
        'canary',
        'binance_spot_rating_all_long',
        'binance_spot_rating_all_short',
        'crypto_rating_all',
        'institutional_etf',
        'bond_carry',
        'meta_benchmark',
        'meta_benchmark_fresh',
        'meta_single',
        'meta_production',
        'meta_fractal',
      ]),
    );
    expect(infos).toMatch(
      /sleeve canary <- profiles\.canary: apps\/team\/canary\/sleeve\.json\n\s+universe\.market us_equity, crypto: from the manifest defaults/,
    );
    expect(infos).toContain(
      'meta_benchmark pins binance_spot_rating_all_long run final_v2_long: produce it once with: nx run binance_spot_rating_all_long:sleeve --runId=final_v2_long',
    );
  });
});
