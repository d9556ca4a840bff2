import { addProjectConfiguration, logger, readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { RISK_ENGINES, MARKETS } from '@nx-sleeves/contracts';
import { sleeveErrors } from '../__fixtures__/profile-schemas';
import { sleeveGenerator } from './generator';
import type { SleeveGeneratorSchema } from './schema';

const run = (tree: Tree, o: Partial<SleeveGeneratorSchema> & { name: string }) => sleeveGenerator(tree, { skipFormat: true, ...o });
const failure = async (tree: Tree, o: Partial<SleeveGeneratorSchema> & { name: string }): Promise<string> => {
  try {
    await run(tree, o);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the generator to fail');
};

describe('sleeve generator', () => {
  let tree: Tree;
  let info: jest.SpyInstance;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes apps/<name>/sleeve.json with the market, engine and mode asked for', async () => {
    await run(tree, { name: 'us_momentum', market: 'us_equity', engine: 'min_variance', mode: 'sharpe' });
    const profile = readJson(tree, 'apps/us_momentum/sleeve.json');
    expect(profile).toMatchObject({
      name: 'us_momentum',
      universe: { market: 'us_equity' },
      risk: { engine: 'min_variance' },
      selection: { mode: 'sharpe', topN: 10 },
    });
    expect(sleeveErrors(profile)).toEqual([]);
    expect(info).toHaveBeenCalledWith('nx-sleeves: created apps/us_momentum/sleeve.json; run it with: nx run us_momentum:sleeve');
  });

  it('accepts the max_sharpe engine (a profile the pipeline schema validates)', async () => {
    await run(tree, { name: 'tangency', engine: 'max_sharpe' });
    const profile = readJson(tree, 'apps/tangency/sleeve.json');
    expect(profile.risk).toMatchObject({ engine: 'max_sharpe' });
    expect(sleeveErrors(profile)).toEqual([]);
  });

  it('registers the plugin when `nx add` was skipped, so the new sleeve has a target at once', async () => {
    expect(readNxJson(tree)?.plugins ?? []).toEqual([]);
    await run(tree, { name: 'a' });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-sleeves', options: { lakehouseTarget: 'market-data:lakehouse' } }]);
    await run(tree, { name: 'b' });
    expect(readNxJson(tree)?.plugins).toHaveLength(1);
  });

  it.each(MARKETS.flatMap((m) => RISK_ENGINES.map((e) => [m, e])))('writes a schema-valid profile for %s / %s', async (market, engine) => {
    await run(tree, { name: 's', market, engine });
    expect(sleeveErrors(readJson(tree, 'apps/s/sleeve.json'))).toEqual([]);
  });

  it('honours --directory and points $schema at the pipeline schema when the workspace has it', async () => {
    tree.write('libs/pipeline/schema/sleeve.schema.json', '{}');
    await run(tree, { name: 'btc', market: 'crypto', directory: 'sleeves/crypto/btc' });
    expect(readJson(tree, 'sleeves/crypto/btc/sleeve.json').$schema).toBe('../../../libs/pipeline/schema/sleeve.schema.json');
  });

  it('points $schema at the installed pipeline package even before it is installed (init adds it to package.json)', async () => {
    expect(tree.exists('node_modules/@nx-sleeves/pipeline/schema/sleeve.schema.json')).toBe(false);
    await run(tree, { name: 'eq', directory: 'apps/eq' });
    expect(readJson(tree, 'package.json').devDependencies['@nx-sleeves/pipeline']).toBeDefined();
    expect(readJson(tree, 'apps/eq/sleeve.json').$schema).toBe('../../node_modules/@nx-sleeves/pipeline/schema/sleeve.schema.json');
  });

  it('takes an explicit universe, sizing topN and maxWeight so the portfolio is feasible', async () => {
    await run(tree, { name: 'majors', market: 'crypto', symbols: 'BINANCE:BTCUSDT, BINANCE_ETHUSDT,BINANCE_SOLUSDT' });
    const profile = readJson(tree, 'apps/majors/sleeve.json');
    expect(profile.universe).toEqual({ market: 'crypto', symbols: ['BINANCE_BTCUSDT', 'BINANCE_ETHUSDT', 'BINANCE_SOLUSDT'] });
    expect(profile.selection.topN).toBe(3);
    expect(profile.risk.maxWeight * 3).toBeGreaterThanOrEqual(1);
    expect(sleeveErrors(profile)).toEqual([]);
  });

  it("checks named symbols against the lakehouse catalog when there is one (the plugin's lakehouse option)", async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-sleeves', options: { lakehouse: 'market/lh' } }];
    updateNxJson(tree, nxJson);
    tree.write(
      'market/lh/catalog.json',
      JSON.stringify({
        version: 1,
        symbols: [
          { id: 'NASDAQ_AAPL', market: 'us_equity' },
          { id: 'BINANCE_BTCUSDT', market: 'crypto' },
        ],
      }),
    );
    expect(await failure(tree, { name: 'a', market: 'us_equity', symbols: 'NASDAQ_AAPL,NASDAQ_NOPE' })).toBe(
      '--symbols: expected a symbol of the lakehouse (market/lh/catalog.json), got "NASDAQ_NOPE"',
    );
    expect(await failure(tree, { name: 'a', market: 'us_equity', symbols: 'BINANCE_BTCUSDT' })).toBe(
      '--symbols: expected a symbol of market us_equity (it is in crypto), got "BINANCE_BTCUSDT"',
    );
    await run(tree, { name: 'a', market: 'us_equity', symbols: 'NASDAQ_AAPL' });
    expect(tree.exists('apps/a/sleeve.json')).toBe(true);
  });

  describe('rejects bad options with one line naming the option, the value and what was expected', () => {
    it.each([
      [{ name: '../evil' }, '--name: expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../evil"'],
      [{ name: 'x', market: 'forex' }, '--market: expected one of us_equity, crypto, etf, got "forex"'],
      [
        { name: 'x', engine: 'max_return' },
        '--engine: expected one of equal_weight, inverse_vol, min_variance, risk_parity, hrp, max_sharpe, got "max_return"',
      ],
      [{ name: 'x', mode: 'value' }, '--mode: expected one of momentum, sharpe, got "value"'],
      [
        { name: 'x', directory: '../outside' },
        '--directory: expected a folder relative to the workspace root made of names matching ^[A-Za-z0-9][A-Za-z0-9._-]*$ (no "..", not absolute), got "../outside"',
      ],
      [
        { name: 'x', directory: '/abs/x' },
        '--directory: expected a folder relative to the workspace root made of names matching ^[A-Za-z0-9][A-Za-z0-9._-]*$ (no "..", not absolute), got "/abs/x"',
      ],
      [{ name: 'x', symbols: 'AAPL' }, '--symbols: expected a lakehouse id EXCHANGE_SYMBOL (or EXCHANGE:SYMBOL), got "AAPL"'],
      [{ name: 'x', symbols: 'NYSE_A,NYSE_A' }, '--symbols: expected each symbol once, got "NYSE_A"'],
      [{ name: 'x', symbols: 'NYSE_A,NYSE_B', topN: 3 }, '--topN: expected an integer from 1 to 2 (the number of --symbols), got 3'],
    ])('%j', async (options, message) => {
      expect(await failure(tree, options as SleeveGeneratorSchema)).toBe(message);
      expect(tree.listChanges().filter((c) => c.path.endsWith('sleeve.json'))).toEqual([]);
    });

    it('an existing project folder or profile name', async () => {
      await run(tree, { name: 'one' });
      expect(await failure(tree, { name: 'two', directory: 'apps/one' })).toBe(
        '--directory: expected a folder without sleeve.json (apps/one/sleeve.json exists), got "apps/one"',
      );
      expect(await failure(tree, { name: 'one', directory: 'other/one' })).toBe(
        '--name: expected a name not used yet (apps/one/sleeve.json uses it), got "one"',
      );
      addProjectConfiguration(tree, 'pipeline', { root: 'libs/pipeline' });
      expect(await failure(tree, { name: 'pipeline' })).toBe(
        '--name: expected a name not used yet (libs/pipeline/ (project pipeline) uses it), got "pipeline"',
      );
    });
  });
});
