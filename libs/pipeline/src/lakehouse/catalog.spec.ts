import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inferSymbol, listSymbols, readCatalog, validateSymbolId, writeCatalog } from './catalog';

describe('lakehouse catalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-catalog-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('infers symbols from file names when there is no catalog (market unknown), ignoring other files', () => {
    for (const f of ['NYSE_JPM_1d.parquet', 'NASDAQ_AAPL_1d.parquet', 'notes.txt', 'BAD_1h.parquet', '.hidden_1d.parquet']) {
      fs.writeFileSync(path.join(dir, f), '');
    }
    expect(listSymbols(dir)).toEqual([
      { id: 'NASDAQ_AAPL', exchange: 'NASDAQ', symbol: 'AAPL', market: 'unknown', assetClass: 'unknown', file: 'NASDAQ_AAPL_1d.parquet', inferred: true },
      { id: 'NYSE_JPM', exchange: 'NYSE', symbol: 'JPM', market: 'unknown', assetClass: 'unknown', file: 'NYSE_JPM_1d.parquet', inferred: true },
    ]);
  });

  it('uses catalog.json entries and adds uncatalogued files', () => {
    fs.writeFileSync(path.join(dir, 'NYSE_JPM_1d.parquet'), '');
    fs.writeFileSync(path.join(dir, 'BINANCE_BTCUSDT_1d.parquet'), '');
    writeCatalog(dir, {
      version: 1,
      symbols: [
        {
          id: 'NYSE_JPM',
          exchange: 'NYSE',
          symbol: 'JPM',
          market: 'us_equity',
          assetClass: 'equity',
          sector: 'financials',
          file: 'NYSE_JPM_1d.parquet',
          rows: 10,
        },
      ],
    });
    const syms = listSymbols(dir);
    expect(syms.map((s) => [s.id, s.market, s.sector])).toEqual([
      ['BINANCE_BTCUSDT', 'unknown', undefined],
      ['NYSE_JPM', 'us_equity', 'financials'],
    ]);
    expect(syms[1].rows).toBe(10);
  });

  it('writes catalog.json deterministically (sorted ids, fixed key order) whatever the input order', () => {
    const a = { id: 'NYSE_B', exchange: 'NYSE', symbol: 'B', market: 'm', assetClass: 'c', file: 'NYSE_B_1d.parquet' };
    const b = { file: 'NYSE_A_1d.parquet', assetClass: 'c', market: 'm', symbol: 'A', exchange: 'NYSE', id: 'NYSE_A' };
    writeCatalog(dir, { version: 1, source: { z: 1, a: 2 }, symbols: [a, b] });
    const first = fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8');
    writeCatalog(dir, { version: 1, source: { a: 2, z: 1 }, symbols: [b, a] });
    expect(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')).toBe(first);
    expect(first.indexOf('NYSE_A')).toBeLessThan(first.indexOf('NYSE_B'));
    expect(fs.readdirSync(dir)).toEqual(['catalog.json']); // no temp file left
  });

  it.each([
    [{ symbols: 'x' }, 'symbols: expected an array'],
    [
      { symbols: [{ id: '../etc', exchange: 'X', symbol: 'Y', market: 'm', assetClass: 'c' }] },
      'symbols[0].id: expected an id like EXCHANGE_SYMBOL (letters, digits, . - _), got "../etc"',
    ],
    [{ symbols: [{ id: 'X_Y', exchange: 'X', symbol: 'Y', market: '', assetClass: 'c' }] }, 'symbols[0].market: expected a non-empty string, got ""'],
    [
      { symbols: [{ id: 'X_Y', exchange: 'X', symbol: 'Y', market: 'm', assetClass: 'c', file: '../../x' }] },
      'symbols[0].file: expected a relative path inside the lakehouse, got "../../x"',
    ],
  ])('rejects a bad catalog: %j', (catalog, message) => {
    fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog));
    expect(() => readCatalog(dir)).toThrow(`${path.join(dir, 'catalog.json')}: ${message}`);
  });

  it('names a missing lakehouse and how to make it', () => {
    expect(() => listSymbols(path.join(dir, 'nope'))).toThrow(
      `lakehouse ${path.join(dir, 'nope')}: directory does not exist (generate it with: npx nx run market-data:lakehouse)`,
    );
  });

  it('validates ids before they touch a path', () => {
    expect(validateSymbolId('NYSE_BRK.B')).toBe('NYSE_BRK.B');
    for (const bad of ['AAPL', '../x_y', 'A_../b', 'A/B_C', '_A', 'A_']) expect(() => validateSymbolId(bad)).toThrow(/expected an id like EXCHANGE_SYMBOL/);
    expect(inferSymbol('BINANCE_BTC_USDT_1d.parquet')).toMatchObject({ exchange: 'BINANCE', symbol: 'BTC_USDT' });
  });
});
