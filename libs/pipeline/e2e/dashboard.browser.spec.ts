/**
 * The run dashboard in headless Chromium (playwright-core + Debian `chromium`): every sleeve present, no console
 * errors or network, every link resolves to a file, sorting by a column orders the rows, nothing overflows at
 * 1400 px, a screenshot in tmp/. Skipped with a notice when no browser is installed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeDashboard } from '../src/dashboard';
import { days, writeOutput } from '../src/dashboard/__fixtures__/run-output';
import { gaussian, mulberry32 } from '../src/numerics/__fixtures__/prng';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, executablePath, SKIP_NOTICE, watch } from './fixtures/browser';

const SHOTS = resolve(__dirname, '../../../tmp');
const SLEEVES = [
  'us-tech-momentum-hrp-with-a-rather-long-profile-name',
  'us-defensive-min-variance',
  'us-broad-risk-parity',
  'etf-all-weather-risk-parity',
  'crypto-majors-equal-weight',
  'crypto-momentum-hrp',
  'multi-asset-hrp',
  'etf-rotation-min-variance',
];

/** Deterministic returns (seeded normals). */
function series(n: number, seed: number, drift: number, vol: number): number[] {
  const z = gaussian(mulberry32(seed));
  return Array.from({ length: n }, () => drift + vol * z());
}

const maybe = executablePath ? describe : describe.skip;
if (!executablePath) console.warn(`dashboard ${SKIP_NOTICE}`);

maybe('run dashboard in headless Chromium', () => {
  let root: string;
  let page: string;
  let browser: Browser | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nxs-dashboard-browser-'));
    mkdirSync(SHOTS, { recursive: true });
    for (const runId of ['nightly', 'today']) {
      SLEEVES.forEach((p, k) => {
        const crypto = p.startsWith('crypto');
        const dates = days(700, crypto);
        const w: Record<string, number> = { [`X_${k}A`]: 0.4, [`X_${k}B`]: 0.35, [`X_${k}C`]: 0.25 };
        if (runId === 'today' && k % 3 === 0) Object.assign(w, { [`X_${k}A`]: 0.3, [`X_${k}B`]: 0.45 });
        writeOutput(root, p, runId, {
          dates,
          returns: series(dates.length, 11 + k, 0.0003 * (k % 4), 0.006 + 0.002 * k),
          weights: w,
          avgTurnover: 0.05 * (k + 1) + (runId === 'today' ? 0.01 : 0),
        });
      });
      writeOutput(root, 'meta-crypto', runId, {
        dates: days(700, true),
        returns: series(700, 5, 0.0004, 0.02),
        meta: {
          inputs: [
            { id: 'majors', profile: 'crypto-majors-equal-weight', runId },
            { id: 'momentum', profile: 'crypto-momentum-hrp', runId },
          ],
          sleeveWeights: { majors: 0.55, momentum: 0.45 },
        },
      });
      writeOutput(root, 'meta-portfolio', runId, {
        dates: days(700),
        returns: series(700, 3, 0.0003, 0.005),
        meta: {
          inputs: [
            ...SLEEVES.filter((s) => !s.startsWith('crypto')).map((s) => ({ id: s.split('-').slice(0, 2).join('-'), profile: s, runId })),
            { id: 'crypto', profile: 'meta-crypto', runId },
          ],
          sleeveWeights: { 'us-tech': 0.2, 'us-defensive': 0.2, 'us-broad': 0.1, 'etf-all': 0.2, 'multi-asset': 0.1, 'etf-rotation': 0.1, crypto: 0.1 },
        },
      });
    }
    writeOutput(root, 'us-quality-equal-weight', 'today', {
      status: 'failed',
      error: `health audit failed for 3 of 62 symbols: ${Array.from({ length: 30 }, (_, i) => `NYSE_SYMBOL${i}`).join(', ')} (strictHealth is on)`,
      log: `[1/6] resolve profile - us-quality-equal-weight: 62 symbols\n[2/6] health audit - ${'x'.repeat(400)}\nError: health audit failed\n`,
      tearsheet: false,
    });
    const profiles = [...SLEEVES, 'us-quality-equal-weight', 'meta-crypto', 'meta-portfolio'];
    page = join(root, writeDashboard({ workspaceRoot: root, runId: 'today', compare: 'nightly', profiles }).path);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows every sleeve, links resolve, sorts, fits 1400 px, no errors or network', async () => {
    const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const { problems, requests } = watch(p);
    await p.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const names = async () => p.$$eval('#runs tbody tr', (rows: HTMLTableRowElement[]) => rows.map((r) => r.dataset.profile));
    expect((await names()).sort()).toEqual([...SLEEVES, 'us-quality-equal-weight', 'meta-crypto', 'meta-portfolio'].sort());
    expect(await p.locator('#runs tbody tr svg.spark polyline').count()).toBe(10); // the failed one has none
    expect(await p.locator('#correlation tbody tr').count()).toBe(SLEEVES.length);
    expect(await p.locator('#allocations li[data-profile="meta-crypto"] li').count()).toBe(2); // nested meta expanded
    expect(await p.textContent('.failure[data-profile="us-quality-equal-weight"] .err')).toContain('health audit failed for 3 of 62 symbols');
    expect(await p.textContent('.failure pre')).toContain('Error: health audit failed');
    expect(await p.locator('#compare tbody tr').count()).toBe(11);

    // every link points at an existing file
    const hrefs: string[] = await p.$$eval('a[href]', (as: HTMLAnchorElement[]) => as.map((a) => a.href));
    expect(hrefs.length).toBe(10);
    for (const h of hrefs) {
      expect(h.startsWith('file:')).toBe(true);
      expect(existsSync(fileURLToPath(h))).toBe(true);
    }

    // sorting: Sharpe ascending, then descending; blanks (the failed sleeve) last both ways
    const col = async (i: number) => p.$$eval('#runs tbody tr', (rows: HTMLTableRowElement[], k: number) => rows.map((r) => r.cells[k].dataset.v), i);
    const sharpeIdx = await p.$$eval('#runs thead th', (ths: HTMLElement[]) => ths.findIndex((t) => t.textContent === 'Sharpe'));
    await p.click('#runs thead th:has-text("Sharpe")');
    let v = (await col(sharpeIdx)) as string[];
    const nums = v.filter((x) => x !== '').map(Number);
    expect(nums).toEqual([...nums].sort((a, b) => a - b));
    expect(v[v.length - 1]).toBe('');
    expect(nums[0]).toBeLessThan(nums[nums.length - 1]);
    await p.click('#runs thead th:has-text("Sharpe")');
    v = (await col(sharpeIdx)) as string[];
    expect(v.filter((x) => x !== '').map(Number)).toEqual([...nums].sort((a, b) => b - a));
    expect(v[v.length - 1]).toBe('');
    expect(await p.getAttribute('#runs thead th:has-text("Sharpe")', 'aria-sort')).toBe('descending');
    await p.click('#runs thead th:has-text("Sleeve")');
    expect(await names()).toEqual([...(await names())].sort());

    // nothing overflows at 1400 px: the page, and every section
    const overflow = await p.evaluate(() => {
      const d = document.documentElement;
      const out = d.scrollWidth > d.clientWidth ? [`page ${d.scrollWidth} > ${d.clientWidth}`] : [];
      document.querySelectorAll('section').forEach((s, i) => {
        if (s.scrollWidth > s.clientWidth) out.push(`section ${i} ${s.scrollWidth} > ${s.clientWidth}`);
      });
      return out;
    });
    await p.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    expect(overflow).toEqual([]);
    await p.close();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
