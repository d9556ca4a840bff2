/**
 * The tearsheet in a real browser: headless Chromium (Debian package `chromium`) driven by
 * playwright-core. Checks there are no console/page errors, no network requests, and that the
 * equity and drawdown charts rendered non-empty SVG paths; saves screenshots under tmp/.
 * Skipped with a notice when no browser is installed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performanceMetrics, renderTearsheet, type ReportModel } from '../src/report';
import { gaussian, mulberry32 } from '../src/numerics/__fixtures__/prng';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, executablePath, SKIP_NOTICE, watch } from './fixtures/browser';
import { drive, requireDist } from './fixtures/driver';

const SHOTS = resolve(__dirname, '../../../tmp');

/** Deterministic synthetic daily returns (seeded normals), with a drawdown episode. */
function syntheticReturns(n: number, seed: number, drift: number, vol: number): number[] {
  const z = gaussian(mulberry32(seed));
  return Array.from({ length: n }, (_, i) => drift + vol * z() - (i > n * 0.4 && i < n * 0.5 ? 0.002 : 0));
}

function model(kind: ReportModel['kind']): ReportModel {
  const dates: string[] = [];
  const d = new Date('2019-01-02T00:00:00Z');
  while (dates.length < 1200) {
    if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  const returns = syntheticReturns(dates.length, 7, 0.0005, 0.01);
  const bench = syntheticReturns(dates.length, 11, 0.0003, 0.012);
  const weights = { NASDAQ_AAPL: 0.22, NASDAQ_MSFT: 0.18, NYSE_JPM: 0.15, NYSE_XOM: 0.12, NYSE_JNJ: 0.1, NASDAQ_NVDA: 0.09, NYSE_PG: 0.08, NYSE_KO: 0.06 };
  return {
    kind,
    title: kind === 'sleeve' ? 'us-large-cap-hrp' : 'global-meta',
    description: 'Browser test tearsheet <b>escaped</b>',
    runId: 'browser',
    dates,
    returns,
    metrics: performanceMetrics(dates, returns),
    benchmark: kind === 'sleeve' ? { id: 'NYSE_SPY', returns: bench, metrics: performanceMetrics(dates, bench) } : undefined,
    weights,
    weightsHistory: {
      dates: dates.filter((_, i) => i % 21 === 0),
      ids: Object.keys(weights),
      weights: dates.filter((_, i) => i % 21 === 0).map((_, k) => Object.values(weights).map((w, a) => (a === k % 8 ? w + 0.05 : w - 0.05 / 7))),
    },
    groups: kind === 'sleeve' ? { NASDAQ_AAPL: 'technology', NASDAQ_MSFT: 'technology', NYSE_JPM: 'financials' } : undefined,
    allocation:
      kind === 'meta-portfolio'
        ? [
            { id: 'us', project: 'us-large-cap-hrp', weight: 0.6, sharpe: 1.1 },
            { id: 'crypto', project: 'meta-crypto', weight: 0.4, sharpe: 0.7 },
          ]
        : undefined,
    rebalancing: { count: 56, avgTurnover: 0.21, totalCost: 0.011 },
    facts: [
      ['Risk engine', 'hrp'],
      ['Walk-forward', 'train 252, test 21'],
    ],
    notes: ['excluded NYSE_OLD: data ends early'],
  };
}

const maybe = executablePath ? describe : describe.skip;
if (!executablePath) console.warn(`tearsheet ${SKIP_NOTICE}`);

maybe('tearsheet in headless Chromium', () => {
  let dir: string;
  let browser: Browser | undefined;
  let realTearsheet = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nxs-tearsheet-'));
    mkdirSync(SHOTS, { recursive: true });
    // a real tearsheet: the compiled pipeline on the small lakehouse
    requireDist();
    const lakehouseDir = join(dir, 'data', 'lakehouse');
    expect(await drive({ cmd: 'lakehouse', outDir: lakehouseDir })).toMatchObject({ ok: true });
    const projectRoot = join(dir, 'apps', 'real');
    mkdirSync(projectRoot, { recursive: true });
    writeFileSync(
      join(projectRoot, 'sleeve.json'),
      JSON.stringify({
        name: 'real-pipeline-sleeve',
        description: 'small lakehouse, hrp',
        universe: { symbols: ['NASDAQ_AAPL', 'NASDAQ_MSFT', 'NYSE_JPM', 'NYSE_XOM', 'NYSE_KO', 'AMEX_TLT', 'AMEX_GLD'] },
        data: { lookbackDays: 600, minDaysFloor: 200, strictHealth: false },
        selection: { topN: 5, threshold: -1, mode: 'sharpe' },
        risk: { engine: 'hrp', maxWeight: 0.4, clusterCap: 1 },
        backtest: { trainWindow: 126, testWindow: 21, stepSize: 21, costBps: 10, benchmark: 'AMEX_SPY' },
      }),
    );
    const sandboxDir = join(dir, 'sandbox');
    const r = await drive({ cmd: 'sleeve', workspaceRoot: dir, projectRoot, sandboxDir, lakehouseDir, profile: 'real', runId: 'browser' });
    expect(r.error).toBeUndefined();
    realTearsheet = join(sandboxDir, 'data', 'artifacts', 'reports', 'tearsheet.html');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['pipeline', 'sleeve', 'meta-portfolio'] as const)(
    'renders the %s tearsheet without errors or network',
    async (kind) => {
      let file = realTearsheet;
      if (kind !== 'pipeline') {
        file = join(dir, `${kind}.html`);
        writeFileSync(file, renderTearsheet(model(kind)));
      }
      const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
      const { problems, requests } = watch(page);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      for (const id of ['equity-chart', 'drawdown-chart']) {
        const d = await page.getAttribute(`#${id} path.series`, 'd');
        expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){100,}/);
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box!.width).toBeGreaterThan(500);
        expect(box!.height).toBeGreaterThan(100);
      }
      // quantstats-style sections: rolling 63-day Sharpe and volatility, weights over time, worst drawdowns, histogram
      for (const id of ['rolling-sharpe-chart', 'rolling-vol-chart']) {
        expect(await page.getAttribute(`#${id} path.series`, 'd')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){100,}/);
        expect((await page.locator(`#${id}`).boundingBox())!.width).toBeGreaterThan(300);
      }
      expect(await page.locator('#weights-chart path.band').count()).toBeGreaterThanOrEqual(kind === 'pipeline' ? 2 : 8);
      expect((await page.locator('#weights-chart').boundingBox())!.height).toBeGreaterThan(100);
      const ddRows = await page.$$eval('#worst-drawdowns tbody tr', (rows: HTMLTableRowElement[]) =>
        rows.map((r) => Array.from(r.cells).map((c) => c.textContent ?? '')),
      );
      expect(ddRows.length).toBeGreaterThanOrEqual(1);
      expect(ddRows.length).toBeLessThanOrEqual(5);
      for (const [, start, trough, recovery, depth] of ddRows) {
        expect(start <= trough).toBe(true);
        expect(recovery === 'not recovered' || recovery > trough).toBe(true);
        expect(depth).toMatch(/^-\d+\.\d\d%$/);
      }
      const depths = ddRows.map((r) => Number(r[4].replace('%', '')));
      expect(depths).toEqual([...depths].sort((a, b) => a - b)); // deepest first
      expect(await page.locator('#returns-histogram rect.bin').count()).toBeGreaterThanOrEqual(10);
      expect(await page.getAttribute('#returns-histogram path.normal', 'd')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){9,}/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      // the equity chart also draws the benchmark on sleeves
      expect(await page.locator('#equity-chart path.series').count()).toBe(kind === 'meta-portfolio' ? 1 : 2);
      expect(await page.locator('table').first().textContent()).toBeTruthy();
      if (kind !== 'pipeline') expect(await page.textContent('header .sub')).toContain('<b>escaped</b>');
      else expect(await page.textContent('h1')).toBe('real-pipeline-sleeve');
      await page.screenshot({ path: join(SHOTS, `tearsheet-${kind}.png`), fullPage: true });
      await page.close();
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    },
    60_000,
  );
});
