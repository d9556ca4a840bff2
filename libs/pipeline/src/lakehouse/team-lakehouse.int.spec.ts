/**
 * The production pipeline (compiled, in a real node process) on a team's shared drive: no catalog.json, only
 * `<EXCHANGE>_<SYMBOL>_1d.parquet` files written by DuckDB in pandas/polars/Spark shapes (__fixtures__/team-lakehouse.mjs),
 * one of them with an "Adj Close" across a 2:1 split.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'libs', 'pipeline', 'dist', 'index.js');
const WRITER = path.join(__dirname, '__fixtures__', 'team-lakehouse.mjs');

interface Outcome {
  error: string | null;
  priceField?: unknown;
  markets?: string[];
  split?: Record<string, number>;
}

/** Runs the production pipeline once per env variant; returns the error or what the artifacts say. */
function runVariants(lake: string, ws: string, variants: Record<string, string>[]): Outcome[] {
  const script = `
    const { run } = require(${JSON.stringify(DIST)});
    const fs = require('fs'), path = require('path');
    (async () => {
      const out = [];
      for (const [k, env] of ${JSON.stringify(variants)}.entries()) {
        const sb = path.join(${JSON.stringify(ws)}, 'sb' + k);
        const ctx = { profile: 'team', runId: 'dev', workspaceRoot: ${JSON.stringify(ws)}, projectRoot: path.join(${JSON.stringify(ws)}, 'apps/team'),
          sandboxDir: sb, artifactsDir: path.join(sb, 'artifacts'), logsDir: path.join(sb, 'logs'), lakehouseDir: ${JSON.stringify(lake)},
          cpus: 1, memoryMb: 1024, env, options: {}, log() {}, progress() {}, signal: new AbortController().signal };
        fs.mkdirSync(ctx.artifactsDir, { recursive: true }); fs.mkdirSync(ctx.logsDir);
        try { await run(ctx); } catch (e) { out.push({ error: e.message }); continue; }
        const read = (f) => fs.readFileSync(path.join(ctx.artifactsDir, f), 'utf8');
        const health = read('audit.jsonl').trim().split('\\n').map((l) => JSON.parse(l)).find((a) => a.stage === 'health audit' && a.event === 'outcome');
        const [head, ...rows] = read('data/returns_matrix.csv').trim().split('\\n');
        const cols = head.split(',');
        const split = rows.find((r) => r.startsWith('2022-01-03,')).split(',');
        out.push({ error: null, priceField: health.detail.priceField ?? null,
          markets: JSON.parse(read('data/health.json')).symbols.map((s) => s.id + '=' + s.market),
          split: Object.fromEntries(cols.slice(1).map((c, i) => [c, Number(split[i + 1])])) });
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as Outcome[];
}

describe('a lakehouse without catalog.json (team shared drive), through the production pipeline', () => {
  let tmp: string;
  let lake: string;
  beforeAll(() => {
    if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: run "npm run build"`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-team-lake-'));
    lake = path.join(tmp, 'drive');
    fs.mkdirSync(lake);
    execFileSync(process.execPath, [WRITER, lake], { cwd: ROOT });
    fs.mkdirSync(path.join(tmp, 'ws', 'apps', 'team'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp, 'ws', 'apps', 'team', 'sleeve.json'),
      JSON.stringify({
        name: 'team',
        universe: { symbols: ['NYSE_AAA', 'NYSE_BBB', 'NASDAQ_CCC', 'BINANCE_DDD'] },
        data: { lookbackDays: 500, minDaysFloor: 200 },
        selection: { topN: 3, threshold: -1, mode: 'momentum' },
        risk: { engine: 'equal_weight', maxWeight: 0.5, clusterCap: 1 },
        backtest: { trainWindow: 120, testWindow: 20, stepSize: 20, costBps: 5, benchmark: 'NASDAQ_CCC' },
      }),
    );
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs with explicit symbols, uses the adjusted close where a file has one, records it, and fails clear filters', () => {
    expect(fs.existsSync(path.join(lake, 'catalog.json'))).toBe(false);
    const [adjusted, raw, market, forcedAdj] = runVariants(lake, path.join(tmp, 'ws'), [
      {},
      { TV_DATA__PRICE_FIELD: 'close' },
      { TV_UNIVERSE__MARKET: 'us_equity' },
      { TV_DATA__PRICE_FIELD: 'adj_close' },
    ]);
    expect(adjusted.error).toBeNull();
    // The 2:1 split day: the adjusted series moves a little; the raw close halves.
    expect(Math.abs(adjusted.split!.NASDAQ_CCC)).toBeLessThan(0.05);
    expect(adjusted.priceField).toEqual({ adj_close: ['NASDAQ_CCC'], close: ['BINANCE_DDD', 'NYSE_AAA', 'NYSE_BBB'] });
    // Without a catalog each exchange is its own trading calendar: equities do not get crypto's weekends as gaps.
    expect(adjusted.markets).toEqual(['BINANCE_DDD=unknown:BINANCE', 'NASDAQ_CCC=unknown:NASDAQ', 'NYSE_AAA=unknown:NYSE', 'NYSE_BBB=unknown:NYSE']);

    expect(raw.error).toBeNull();
    expect(raw.split!.NASDAQ_CCC).toBeLessThan(-0.45);
    expect(raw.priceField).toEqual({ adj_close: [], close: ['BINANCE_DDD', 'NASDAQ_CCC', 'NYSE_AAA', 'NYSE_BBB'] });
    expect(raw.split!.NYSE_AAA).toBe(adjusted.split!.NYSE_AAA);

    expect(market.error).toBe(
      'apps/team/sleeve.json: universe.market: cannot filter by market "us_equity": the lakehouse has no catalog.json, so the market of its 4 symbols (named from their files) is unknown; expected universe.symbols (or market "unknown" for all of them), or a catalog.json in the lakehouse',
    );
    expect(forcedAdj.error).toBe(
      `<lakehouse>/BINANCE_DDD_1d.parquet: data.priceField is "adj_close" but the file has no adjusted close column (expected one named adj_close or "Adj Close"); set data.priceField to "close" or add the column`,
    );
  });
});
