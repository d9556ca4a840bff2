import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfile, profileSource } from './load-profile';
import { ProfileError } from './errors';

describe('loadProfile', () => {
  let ws: string;
  const project = () => path.join(ws, 'apps', 'x');
  const writeJson = (file: string, v: unknown) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof v === 'string' ? v : JSON.stringify(v));
  };
  const sleeve = (v: unknown) => writeJson(path.join(project(), 'sleeve.json'), v);
  const defaults = (v: unknown) => writeJson(path.join(ws, 'sleeve.defaults.json'), v);
  const load = (env?: Record<string, string>) => loadProfile({ workspaceRoot: ws, projectRoot: project(), env });
  const failure = (env?: Record<string, string>) => {
    try {
      load(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ProfileError);
      return (err as Error).message;
    }
    throw new Error('expected a ProfileError');
  };

  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-profile-'));
    defaults({
      data: { lookbackDays: 500, minDaysFloor: 100, strictHealth: false },
      selection: { topN: 5, threshold: 0, mode: 'momentum' },
      risk: { engine: 'hrp', maxWeight: 0.3, clusterCap: 0.5 },
      backtest: { trainWindow: 200, testWindow: 20, stepSize: 20, costBps: 5 },
    });
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('deep-merges sleeve.json over the workspace defaults, names the profile after its folder, orders keys like the schema', () => {
    sleeve({ $schema: '../../libs/pipeline/schema/sleeve.schema.json', risk: { engine: 'min_variance' }, universe: { market: 'crypto' } });
    const p = load();
    expect(p).toEqual({
      name: 'x',
      universe: { market: 'crypto' },
      data: { lookbackDays: 500, minDaysFloor: 100, strictHealth: false, maxGapDays: 5, maxStaleDays: 5 },
      selection: { topN: 5, threshold: 0, mode: 'momentum', direction: 'long' },
      risk: { engine: 'min_variance', maxWeight: 0.3, clusterCap: 0.5 },
      backtest: { trainWindow: 200, testWindow: 20, stepSize: 20, costBps: 5, executionLag: 1, slippageBps: 0 },
    });
    expect(Object.keys(p)).toEqual(['name', 'universe', 'data', 'selection', 'risk', 'backtest']);
    expect(profileSource(p)).toBe('apps/x/sleeve.json');
  });

  it('replaces arrays instead of merging them', () => {
    defaults({ tags: ['a', 'b'] });
    sleeve({ name: 'named', tags: ['c'], universe: { symbols: ['NYSE_A'] } });
    expect(load()).toMatchObject({ name: 'named', tags: ['c'] });
  });

  it('fills schema defaults when there is no sleeve.defaults.json', () => {
    fs.rmSync(path.join(ws, 'sleeve.defaults.json'));
    sleeve({ universe: { market: 'etf' } });
    expect(load()).toMatchObject({
      data: { lookbackDays: 1260, minDaysFloor: 252, strictHealth: false },
      risk: { engine: 'hrp', maxWeight: 0.25, clusterCap: 0.5 },
      backtest: { trainWindow: 252, testWindow: 21, stepSize: 21, costBps: 5 },
    });
  });

  it('applies TV_SECTION__FIELD overrides: case-insensitive, snake_case to camelCase, JSON values, comma lists', () => {
    sleeve({ universe: { market: 'crypto' } });
    const p = load({
      TV_RISK__ENGINE: 'risk_parity',
      TV_DATA__MIN_DAYS_FLOOR: '150',
      tv_ignored: 'x',
      TV_data__strictHealth: 'true',
      TV_UNIVERSE__SYMBOLS: 'BINANCE_BTCUSDT, BINANCE_ETHUSDT',
      TV_UNIVERSE__SECTORS: '["layer1"]',
      TV_BACKTEST__BENCHMARK: 'AMEX_SPY',
      TV_PROFILE: 'other',
      TV_RUN_ID: 'r1',
      TV_SOMETHING: 'not an override (no __)',
    });
    expect(p.risk.engine).toBe('risk_parity');
    expect(p.data).toEqual({ lookbackDays: 500, minDaysFloor: 150, strictHealth: true, maxGapDays: 5, maxStaleDays: 5 });
    expect(p.universe).toEqual({ market: 'crypto', symbols: ['BINANCE_BTCUSDT', 'BINANCE_ETHUSDT'], sectors: ['layer1'] });
    expect(p.backtest.benchmark).toBe('AMEX_SPY');
    expect(p.name).toBe('x');
  });

  it.each([
    [
      { universe: { market: 'crypto' }, risk: { engine: 'foo' } },
      undefined,
      'apps/x/sleeve.json: risk.engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, max_sharpe, got "foo"',
    ],
    [
      { universe: { market: 'crypto' }, selection: { mode: 'value' } },
      undefined,
      'apps/x/sleeve.json: selection.mode: expected one of momentum, sharpe, got "value"',
    ],
    [{ universe: { market: 'crypto' }, selection: { topN: 2.5 } }, undefined, 'apps/x/sleeve.json: selection.topN: expected an integer, got 2.5'],
    [{ universe: { market: 'crypto' }, risk: { maxWeight: 0 } }, undefined, 'apps/x/sleeve.json: risk.maxWeight: expected > 0, got 0'],
    [{ universe: { market: 'crypto' }, risk: { maxWeight: 1.5 } }, undefined, 'apps/x/sleeve.json: risk.maxWeight: expected <= 1, got 1.5'],
    [{ universe: { market: 'crypto' }, data: { strictHealth: 'yes' } }, undefined, 'apps/x/sleeve.json: data.strictHealth: expected a boolean, got "yes"'],
    [
      { universe: { market: 'crypto' }, riks: {} },
      undefined,
      'apps/x/sleeve.json: riks: unknown field (expected one of name, description, tags, notes, universe, data, selection, risk, backtest, resources, command, pipelineInputs, envAllow)',
    ],
    [
      { universe: { market: 'crypto' }, risk: { engin: 'hrp' } },
      undefined,
      'apps/x/sleeve.json: risk.engin: unknown field (expected one of engine, maxWeight, clusterCap)',
    ],
    [
      { universe: { symbols: ['AAPL'] } },
      undefined,
      'apps/x/sleeve.json: universe.symbols[0]: expected a symbol id like NASDAQ_AAPL (EXCHANGE_SYMBOL), got "AAPL"',
    ],
    [{ universe: { symbols: ['NYSE_A', 'NYSE_A'] } }, undefined, 'apps/x/sleeve.json: universe.symbols: expected unique items, got "NYSE_A" twice'],
    [{ universe: { symbols: [] } }, undefined, 'apps/x/sleeve.json: universe.symbols: expected at least 1 item, got []'],
    [{ universe: {} }, undefined, 'apps/x/sleeve.json: universe: expected "symbols" (a list of EXCHANGE_SYMBOL ids) or "market" (e.g. us_equity, crypto, etf)'],
    [{}, undefined, 'apps/x/sleeve.json: universe: expected "symbols" (a list of EXCHANGE_SYMBOL ids) or "market" (e.g. us_equity, crypto, etf)'],
    [
      { name: '../evil', universe: { market: 'crypto' } },
      undefined,
      'apps/x/sleeve.json: name: expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../evil"',
    ],
    [
      { universe: { market: 'crypto' }, data: { minDaysFloor: 600 } },
      undefined,
      'apps/x/sleeve.json: data.minDaysFloor: expected <= data.lookbackDays (500), got 600',
    ],
    [
      { universe: { market: 'crypto' }, backtest: { trainWindow: 490 } },
      undefined,
      'apps/x/sleeve.json: backtest.trainWindow: expected trainWindow + testWindow <= data.lookbackDays (500), got 490 + 20',
    ],
    [{ universe: { market: 'crypto' }, resources: { memoryMb: 10 } }, undefined, 'apps/x/sleeve.json: resources.memoryMb: expected >= 64, got 10'],
    [
      { universe: { market: 'crypto' }, selection: { grossExposure: 1.5 } },
      undefined,
      'apps/x/sleeve.json: selection.grossExposure: only used with selection.direction "long_short", got direction "long"',
    ],
    [
      { universe: { market: 'crypto' }, selection: { direction: 'short', netExposure: 0.2 } },
      undefined,
      'apps/x/sleeve.json: selection.netExposure: only used with selection.direction "long_short", got direction "short"',
    ],
    [
      { universe: { market: 'crypto' }, selection: { direction: 'long_short', grossExposure: 1, netExposure: -1.2 } },
      undefined,
      "apps/x/sleeve.json: selection.netExposure: expected |netExposure| <= grossExposure (1; each book's exposure (gross ± net)/2 must be >= 0), got -1.2",
    ],
    [
      { universe: { market: 'crypto' }, selection: { direction: 'sideways' } },
      undefined,
      'apps/x/sleeve.json: selection.direction: expected one of long, short, long_short, got "sideways"',
    ],
    [
      { universe: { market: 'crypto' } },
      { TV_RISK__ENGINE: 'foo' },
      'env TV_RISK__ENGINE: risk.engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, max_sharpe, got "foo"',
    ],
    [{ universe: { market: 'crypto' } }, { TV_SELECTION__TOP_N: 'ten' }, 'env TV_SELECTION__TOP_N: selection.topN: expected an integer, got "ten"'],
    [
      { universe: { market: 'crypto' } },
      { TV_RISK__ENGNE: 'hrp' },
      'env TV_RISK__ENGNE: unknown field "ENGNE" in risk (expected one of engine, maxWeight, clusterCap)',
    ],
    [
      { universe: { market: 'crypto' } },
      { TV_NAME__X: 'y' },
      'env TV_NAME__X: unknown section "NAME" (expected one of universe, data, selection, risk, backtest, resources)',
    ],
    [{ universe: { market: 'crypto' } }, { TV_RISK__ENGINE__X: 'y' }, 'env TV_RISK__ENGINE__X: unknown field "X" in risk.engine (risk.engine has no fields)'],
  ])('rejects %j (env %j) with a one-line error', (json, env, message) => {
    sleeve(json);
    expect(failure(env)).toBe(message);
  });

  it('blames sleeve.defaults.json for a bad value that comes from it', () => {
    defaults({ risk: { clusterCap: 2 } });
    sleeve({ universe: { market: 'crypto' } });
    expect(failure()).toBe('sleeve.defaults.json: risk.clusterCap: expected <= 1, got 2');
    defaults({ universe: { market: 'crypto' } });
    expect(failure()).toBe('sleeve.defaults.json: universe: not allowed in workspace defaults (set it in each sleeve.json)');
  });

  it('names missing and malformed files', () => {
    expect(failure()).toBe('apps/x/sleeve.json: file not found');
    sleeve('{ "universe": ');
    expect(failure()).toMatch(/^apps\/x\/sleeve\.json: invalid JSON \(.+\)$/);
    sleeve('[1]');
    expect(failure()).toBe('apps/x/sleeve.json: expected a JSON object, got an array');
    sleeve({ universe: { market: 'crypto' } });
    defaults('nope');
    expect(failure()).toMatch(/^sleeve\.defaults\.json: invalid JSON/);
  });

  it('does not echo values of unknown TV_ variables (they may hold secrets)', () => {
    sleeve({ universe: { market: 'crypto' } });
    expect(failure({ TV_API__TOKEN: 's3cr3t-value' })).not.toContain('s3cr3t');
  });
});
