import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentOf } from './__fixtures__/mapped-content';
import { mapManifest, parseManifest, type ImportedProject } from './map-manifest';

const FIXTURE = path.join(__dirname, '__fixtures__', 'manifest.json');
const fixture = (): { profiles: { crypto_trend: { data: Record<string, unknown> } }; defaults: { risk: Record<string, unknown> } } =>
  JSON.parse(fs.readFileSync(FIXTURE, 'utf-8'));
const byName = (projects: ImportedProject[], name: string) => {
  const p = projects.find((x) => x.name === name);
  if (!p) throw new Error(`no project ${name} in ${projects.map((x) => x.name).join(', ')}`);
  return p;
};
/** A minimal valid manifest with `profiles` replaced. */
const manifest = (profiles: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ profiles, ...extra });
const errorOf = (json: unknown, source?: string): string => {
  try {
    mapManifest(json, { source });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected mapManifest to throw');
};

describe('mapManifest on the sample manifest', () => {
  const result = mapManifest(fixture(), { source: 'configs/manifest.json' });

  it('creates one sleeve project per sleeve profile and one meta project per meta profile; aliases get none', () => {
    expect(result.projects.map((p) => [p.name, p.kind, p.file])).toEqual([
      ['production', 'sleeve', 'sleeve.json'],
      ['crypto_trend', 'sleeve', 'sleeve.json'],
      ['etf_defensive', 'sleeve', 'sleeve.json'],
      ['us_quality', 'sleeve', 'sleeve.json'],
      ['meta_crypto', 'meta', 'meta-portfolio.json'],
      ['meta_global', 'meta', 'meta-portfolio.json'],
    ]);
    expect(result.aliases).toEqual({ prod: 'production', crypto: 'crypto_trend' });
    expect(byName(result.projects, 'production').aliases).toEqual(['prod']);
    expect(result.defaultProject).toBe('production');
  });

  it('deep-merges defaults under a profile and maps snake_case to the sleeve.json fields', () => {
    const { notes, ...content } = byName(result.projects, 'crypto_trend').content;
    expect(notes).toBe(
      'Imported from configs/manifest.json, profile crypto_trend (aliases: crypto). Not mapped: ' +
        'data.cache_ttl_hours=24; features.momentum_window=126; features.vol_window=63; selection.min_volume_usd=1000000.',
    );
    expect(content).toEqual({
      name: 'crypto_trend',
      description: 'Crypto trend: equal risk contribution',
      universe: { market: 'crypto', exchanges: ['BINANCE'], minHistoryDays: 504 },
      data: { lookbackDays: 1095, minDaysFloor: 730, strictHealth: false },
      selection: { topN: 6, threshold: 0.02, mode: 'momentum' },
      risk: { engine: 'risk_parity', clusterCap: 0.4, maxWeight: 0.25 },
      // slippage 0.001 (own) + commission 0.0005 (defaults) = 15 bps
      backtest: { trainWindow: 365, testWindow: 30, stepSize: 30, costBps: 15, benchmark: 'BINANCE_BTCUSDT' },
    });
  });

  it('takes the first engine of a comma-separated profiles list that exists and reports the others', () => {
    const production = contentOf(byName(result.projects, 'production'));
    expect(production.risk.engine).toBe('hrp');
    expect(production.backtest.benchmark).toBe('AMEX_SPY');
    expect(result.unmapped.production).toEqual(
      expect.arrayContaining([
        'backtest.profiles="min_variance": not run (a sleeve runs one risk engine; hrp is used)',
        'backtest.benchmark_symbols="NASDAQ:QQQ": not used (one benchmark per sleeve; AMEX_SPY is used)',
        'pipeline="production"',
        'features.momentum_window=126',
      ]),
    );
  });

  it('skips engines and markets with no counterpart, reporting them', () => {
    const etf = contentOf(byName(result.projects, 'etf_defensive'));
    expect(etf.risk.engine).toBe('min_variance'); // "barbell,min_variance"
    expect(etf.universe.market).toBe('etf'); // ["etf", "bonds"]
    expect(etf.selection.mode).toBe('sharpe');
    expect(result.unmapped.etf_defensive).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^backtest\.profiles="barbell": no such risk engine here/),
        expect.stringMatching(/^discovery\.markets="bonds": no such market here/),
        'risk.barbell_split=0.9',
      ]),
    );
  });

  it("falls back to the defaults' engine when the profile names only engines that do not exist here", () => {
    const q = contentOf(byName(result.projects, 'us_quality'));
    expect(q.risk.engine).toBe('hrp');
    expect(q.universe.symbols).toEqual(['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NYSE_JPM', 'NYSE_XOM']);
    expect(result.unmapped.us_quality).toEqual(
      expect.arrayContaining([expect.stringMatching(/^risk\.engine="black_litterman": no such risk engine here/), 'features.quality_score=true']),
    );
  });

  it('maps meta profiles: aliases resolved, nested metas kept, pinned run_id → runId, allocation mapped', () => {
    expect(byName(result.projects, 'meta_global').content).toEqual({
      name: 'meta_global',
      notes: expect.stringMatching(/^Imported from configs\/manifest\.json, profile meta_global\. Not mapped: meta_allocation\.engine="barbell"/),
      description: 'Global root: equities core, crypto branch, quality satellite',
      sleeves: [
        { id: 'core', project: 'production', runId: '2024Q4' },
        { id: 'crypto', project: 'meta_crypto' },
        { id: 'quality', project: 'us_quality' },
      ],
      // engine "barbell" has no counterpart; "profile": "hrp" is
      allocation: { engine: 'hrp', minWeight: 0.1, maxWeight: 0.6 },
    });
    expect(byName(result.projects, 'meta_crypto').content).toMatchObject({
      sleeves: [
        { id: 'trend', project: 'crypto_trend' },
        { id: 'defensive', project: 'etf_defensive' },
      ],
      allocation: { engine: 'equal_weight', minWeight: 0.2, maxWeight: 0.8 },
    });
    expect(result.unmapped.meta_global).toEqual([
      expect.stringMatching(/^meta_allocation\.engine="barbell": no such meta-portfolio engine here/),
      'meta_allocation.rebalance="monthly"',
    ]);
    expect(result.unmapped.meta_crypto).toBeUndefined();
  });

  it('reports top-level keys it does not import', () => {
    expect(result.unmapped['(manifest)']).toEqual(['version=3', expect.stringMatching(/^pipelines=/)]);
  });

  it('prefixes project names and the references between them', () => {
    const r = mapManifest(fixture(), { prefix: 'py-' });
    expect(r.projects.map((p) => p.name)).toContain('py-meta_global');
    expect(contentOf(byName(r.projects, 'py-meta_global')).sleeves[1]).toEqual({ id: 'crypto', project: 'py-meta_crypto' });
    expect(r.defaultProject).toBe('py-production');
  });
});

describe('mapManifest conversions', () => {
  it('turns slippage + commission (fractions of traded value) into costBps', () => {
    const r = mapManifest(manifest({ a: { backtest: { backtest_slippage: 0.0002, backtest_commission: 0.00035 } } }));
    expect(contentOf(r.projects[0]).backtest).toEqual({ costBps: 5.5 });
  });

  it('maps engine aliases and leaves blocks out when nothing maps to them', () => {
    const r = mapManifest(manifest({ a: { risk: { engine: 'ERC' } }, b: { risk: { engine: 'inverse-volatility' } } }));
    const all = { universe: { market: ['us_equity', 'crypto', 'etf'] } }; // no market anywhere: the whole lakehouse
    expect(r.projects[0].content).toEqual({ name: 'a', ...all, risk: { engine: 'risk_parity' }, notes: 'Imported from manifest.json, profile a.' });
    expect(r.projects[1].content).toEqual({ name: 'b', ...all, risk: { engine: 'inverse_vol' }, notes: 'Imported from manifest.json, profile b.' });
  });

  it('maps max-Sharpe names to the max_sharpe engine', () => {
    for (const engine of ['max_sharpe', 'Tangency', 'msr']) {
      expect(contentOf(mapManifest(manifest({ a: { risk: { engine } } })).projects[0]).risk.engine).toBe('max_sharpe');
    }
  });

  it('says when no named engine exists and the workspace default applies', () => {
    const r = mapManifest(manifest({ a: { risk: { engine: 'black_litterman' } } }));
    expect(contentOf(r.projects[0]).risk).toBeUndefined();
    expect(r.unmapped.a).toContain('risk.engine: none of the named engines exists here, the workspace default applies');
  });

  it('resolves chains of aliases, also from meta entries and default_profile', () => {
    const r = mapManifest(
      manifest(
        {
          base: { description: 'x' },
          b: 'base',
          c: 'b',
          m: {
            sleeves: [
              { id: 's1', profile: 'c' },
              { id: 's2', profile: 'base' },
            ],
          },
        },
        { default_profile: 'c' },
      ),
    );
    expect(r.aliases).toEqual({ b: 'base', c: 'base' });
    expect(contentOf(byName(r.projects, 'm')).sleeves.map((s) => s.project)).toEqual(['base', 'base']);
    expect(r.defaultProject).toBe('base');
  });

  it('keeps a nested meta named through "profile" as well as "meta_profile"', () => {
    const r = mapManifest(
      manifest({
        s1: {},
        s2: {},
        inner: {
          sleeves: [
            { id: 'a', profile: 's1' },
            { id: 'b', profile: 's2' },
          ],
        },
        outer: {
          sleeves: [
            { id: 'i', profile: 'inner' },
            { id: 's', profile: 's1' },
          ],
        },
      }),
    );
    expect(contentOf(byName(r.projects, 'outer')).sleeves[0]).toEqual({ id: 'i', project: 'inner' });
  });
});

describe('mapManifest errors name the place in the JSON', () => {
  it('a wrong type in a profile block', () => {
    const json = fixture();
    json.profiles.crypto_trend.data.lookback_days = 'abc';
    expect(errorOf(json)).toBe('manifest.json: profiles.crypto_trend.data.lookback_days: expected a positive integer, got "abc"');
  });

  it('a wrong type in the defaults, with the source given', () => {
    const json = fixture();
    json.defaults.risk.cluster_cap = 1.5;
    expect(errorOf(json, 'configs/manifest.json')).toBe(
      'configs/manifest.json: defaults.risk.cluster_cap: expected a number greater than 0 and at most 1, got 1.5',
    );
  });

  it('a block that is not an object', () => {
    expect(errorOf(manifest({ a: { selection: [1] } }))).toBe('manifest.json: profiles.a.selection: expected an object, got [1]');
  });

  it('costs given in basis points instead of fractions', () => {
    expect(errorOf(manifest({ a: { backtest: { backtest_commission: 5 } } }))).toBe(
      'manifest.json: profiles.a.backtest.backtest_commission: expected a fraction of traded value from 0 to 0.1 (0.0005 = 5 bps), got 5',
    );
  });

  it('a benchmark that is not a symbol', () => {
    expect(errorOf(manifest({ a: { backtest: { benchmark_symbols: ['SPY'] } } }))).toBe(
      'manifest.json: profiles.a.backtest.benchmark_symbols: expected symbols like EXCHANGE:SYMBOL, but "SPY" is not one, got ["SPY"]',
    );
  });

  it('an alias cycle', () => {
    expect(errorOf(manifest({ a: 'b', b: 'c', c: 'a' }))).toBe('manifest.json: profiles.a: alias cycle a -> b -> c -> a');
  });

  it('an alias to a profile that does not exist', () => {
    expect(errorOf(manifest({ a: 'nope' }))).toBe('manifest.json: profiles.a: expected the name of another profile, got "nope"');
  });

  it('a meta-portfolio cycle through nested metas', () => {
    const json = manifest({
      s: {},
      m1: {
        sleeves: [
          { id: 'x', meta_profile: 'm2' },
          { id: 'y', profile: 's' },
        ],
      },
      m2: {
        sleeves: [
          { id: 'x', meta_profile: 'm1' },
          { id: 'y', profile: 's' },
        ],
      },
    });
    expect(errorOf(json)).toBe('manifest.json: profiles.m2.sleeves[0].meta_profile: meta-portfolio cycle m1 -> m2 -> m1');
  });

  it('meta_profile naming a sleeve profile, and a sleeve entry naming an unknown profile', () => {
    const other = { id: 'o', profile: 's' };
    expect(errorOf(manifest({ s: {}, m: { sleeves: [{ id: 'x', meta_profile: 's' }, other] } }))).toBe(
      'manifest.json: profiles.m.sleeves[0].meta_profile: expected the name of a meta profile, got "s" (a sleeve profile)',
    );
    expect(errorOf(manifest({ s: {}, m: { sleeves: [{ id: 'x', profile: 'zz' }, other] } }))).toBe(
      'manifest.json: profiles.m.sleeves[0].profile: expected the name of a profile, got "zz"',
    );
  });

  it('meta entries: none, duplicate ids, both or neither of profile/meta_profile, a bad run_id', () => {
    const other = { id: 'o', profile: 's' };
    expect(errorOf(manifest({ s: {}, m: { sleeves: [] } }))).toBe(
      'manifest.json: profiles.m.sleeves: expected a list of at least 1 {id, profile} or {id, meta_profile} entry, got []',
    );
    expect(
      errorOf(
        manifest({
          s: {},
          m: {
            sleeves: [
              { id: 'x', profile: 's' },
              { id: 'x', profile: 's' },
            ],
          },
        }),
      ),
    ).toBe('manifest.json: profiles.m.sleeves[1].id: expected an id not used by another entry, got "x"');
    expect(errorOf(manifest({ s: {}, m: { sleeves: [{ id: 'x' }, other] } }))).toBe(
      'manifest.json: profiles.m.sleeves[0]: expected exactly one of "profile" or "meta_profile", got {"id":"x"}',
    );
    expect(errorOf(manifest({ s: {}, m: { sleeves: [{ id: 'x', profile: 's', run_id: '../etc' }, other] } }))).toBe(
      'manifest.json: profiles.m.sleeves[0].run_id: expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../etc"',
    );
  });

  it('allocation bounds that cannot hold', () => {
    const sleeves = [
      { id: 'a', profile: 's' },
      { id: 'b', profile: 's' },
      { id: 'c', profile: 's' },
    ];
    expect(errorOf(manifest({ s: {}, m: { sleeves, meta_allocation: { min_weight: 0.5, max_weight: 0.4 } } }))).toBe(
      'manifest.json: profiles.m.meta_allocation.min_weight: expected at most max_weight (0.4), got 0.5',
    );
    expect(errorOf(manifest({ s: {}, m: { sleeves, meta_allocation: { max_weight: 0.3 } } }))).toBe(
      'manifest.json: profiles.m.meta_allocation.max_weight: expected at least 1/3 (there are 3 sleeves), got 0.3',
    );
  });

  it('profile names that cannot be project names, a missing profiles block, a non-object root', () => {
    expect(errorOf(manifest({ '../x': {} }))).toBe(
      'manifest.json: profiles["../x"]: expected a profile name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../x"',
    );
    expect(errorOf({ defaults: {} })).toBe('manifest.json: profiles: expected an object, got nothing');
    expect(errorOf([])).toBe('manifest.json: (root): expected an object, got []');
    expect(errorOf(manifest({ a: 3 }))).toBe('manifest.json: profiles.a: expected a profile object or the name of another profile, got 3');
  });

  it('invalid JSON names the file', () => {
    expect(() => parseManifest('{"profiles": ', 'configs/manifest.json')).toThrow(/^configs\/manifest\.json: invalid JSON: /);
  });
});
