import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocationTrees, compareRuns, correlationMatrix, sparklinePoints } from './analysis';
import { parseArgs } from './cli';
import { loadRun } from './load';
import { renderDashboard } from './render';
import type { RunEntry } from './types';
import { writeDashboard } from './write';
import { days, writeOutput } from './__fixtures__/run-output';

const entry = (profile: string, o: Partial<RunEntry> = {}): RunEntry => ({
  profile,
  kind: 'sleeve',
  status: 'success',
  dates: [],
  returns: [],
  avgTurnover: null,
  weights: {},
  logTail: [],
  ...o,
});

describe('correlationMatrix', () => {
  const d = days(40);
  const a = d.map((_, i) => Math.sin(i) * 0.01);
  it('is 1 for a series with itself, −1 with its negation, symmetric', () => {
    const c = correlationMatrix([
      { id: 'a', dates: d, returns: a },
      { id: 'b', dates: d, returns: a.map((x) => -2 * x) },
      { id: 'c', dates: d, returns: a },
    ]);
    expect(c[0][0]).toBe(1);
    expect(c[0][1]).toBeCloseTo(-1, 12);
    expect(c[1][0]).toBe(c[0][1]);
    expect(c[0][2]).toBeCloseTo(1, 12);
  });
  it("compounds the other series' non-common days into the next common day (crypto weekends)", () => {
    const cal = days(56, true);
    const crypto = cal.map((_, i) => Math.cos(i * 1.3) * 0.02);
    const eqDates = cal.filter((x) => ![0, 6].includes(new Date(`${x}T00:00:00Z`).getUTCDay()));
    const eq = eqDates.map((_, i) => Math.sin(i * 0.7) * 0.01);
    // by hand: compounded crypto return per equity date
    const joined: number[] = [];
    let g = 1;
    for (let i = 0, k = 0; i < cal.length; i++) {
      g *= 1 + crypto[i];
      if (cal[i] === eqDates[k]) {
        joined.push(g - 1);
        g = 1;
        k++;
      }
    }
    const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;
    const mx = mean(eq),
      my = mean(joined);
    let sxy = 0,
      sxx = 0,
      syy = 0;
    eq.forEach((x, i) => {
      sxy += (x - mx) * (joined[i] - my);
      sxx += (x - mx) ** 2;
      syy += (joined[i] - my) ** 2;
    });
    const c = correlationMatrix([
      { id: 'eq', dates: eqDates, returns: eq },
      { id: 'cr', dates: cal, returns: crypto },
    ]);
    expect(c[0][1]).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });
  it('is null for pairs with fewer than 20 common days', () => {
    const c = correlationMatrix([
      { id: 'a', dates: d.slice(0, 10), returns: a.slice(0, 10) },
      { id: 'b', dates: d, returns: a },
    ]);
    expect(c[0][1]).toBeNull();
    expect(c[0][0]).toBeNull();
  });
});

describe('allocationTrees', () => {
  it('roots are metas no other meta lists; nested metas expand; cycles stop', () => {
    const entries = [
      entry('top', {
        kind: 'meta-portfolio',
        children: [
          { id: 'eq', profile: 'eq-sleeve', runId: 'r', weight: 0.6 },
          { id: 'cr', profile: 'meta-crypto', runId: 'r', weight: 0.4 },
        ],
      }),
      entry('meta-crypto', { kind: 'meta-portfolio', children: [{ id: 'btc', profile: 'btc', runId: 'Q4', weight: 1 }] }),
      entry('eq-sleeve'),
      entry('loop-a', { kind: 'meta-portfolio', children: [{ id: 'b', profile: 'loop-b', runId: 'r', weight: 1 }] }),
      entry('loop-b', { kind: 'meta-portfolio', children: [{ id: 'a', profile: 'loop-a', runId: 'r', weight: 1 }] }),
    ];
    const t = allocationTrees(entries);
    expect(t.map((n) => n.profile)).toEqual(['top']);
    expect(t[0].children.map((c) => [c.id, c.weight, c.children.length])).toEqual([
      ['eq', 0.6, 0],
      ['cr', 0.4, 1],
    ]);
    expect(t[0].children[1].children[0]).toMatchObject({ profile: 'btc', runId: 'Q4' });
    // a pure cycle has no root: nothing to draw from, and no infinite recursion
    expect(allocationTrees(entries.slice(3))).toEqual([]);
  });
});

describe('compareRuns', () => {
  it('metric deltas, weights that changed (largest first), new and gone sleeves', () => {
    const m = (cagr: number, sharpe: number) => ({ cagr, sharpe, annualVol: 0.1, maxDrawdown: 0.2 }) as RunEntry['metrics'];
    const now = [entry('a', { metrics: m(0.12, 1.5), avgTurnover: 0.3, weights: { X: 0.5, Y: 0.3, Z: 0.2 } }), entry('n', { metrics: m(0.1, 1) })];
    const before = [entry('a', { metrics: m(0.1, 1.2), avgTurnover: 0.2, weights: { X: 0.5, Y: 0.5, W: 0.00005 } }), entry('g', { status: 'failed' })];
    const d = compareRuns(now, before);
    expect(d.map((x) => [x.profile, x.presence])).toEqual([
      ['a', 'both'],
      ['g', 'gone'],
      ['n', 'new'],
    ]);
    expect(d[0].cagr).toBeCloseTo(0.02, 12);
    expect(d[0].sharpe).toBeCloseTo(0.3, 12);
    expect(d[0].annualVol).toBe(0);
    expect(d[0].avgTurnover).toBeCloseTo(0.1, 12);
    expect(d[0].weights).toEqual([
      { id: 'Y', before: 0.5, now: 0.3 },
      { id: 'Z', before: 0, now: 0.2 },
    ]); // W moved < 1 bp
    expect(d[1]).toMatchObject({ status: { now: 'missing', before: 'failed' }, cagr: null });
  });
});

describe('sparklinePoints', () => {
  it('keeps at most ~max points and always the last', () => {
    const r = Array.from({ length: 1000 }, () => 0.001);
    const p = sparklinePoints(r, 120);
    expect(p.length).toBeLessThanOrEqual(121);
    expect(p[p.length - 1]).toBeCloseTo(1.001 ** 1000, 10);
    expect(sparklinePoints([0.1, 0.1])).toEqual([1.1, 1.1 * 1.1]);
  });
});

describe('loadRun + renderDashboard (real files)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nxs-dashboard-'));
    writeOutput(root, 'alpha', 'r1', { weights: { X_A: 0.7, X_B: 0.3 }, avgTurnover: 0.25 });
    writeOutput(root, 'beta', 'r1', { returns: days(60).map((_, i) => 0.002 * Math.cos(i)) });
    writeOutput(root, 'broken <x>', 'r1', {
      status: 'failed',
      error: 'health audit failed for 2 of 5 symbols\nsecond line',
      log: 'a\nb\nboom: health audit failed\n',
      tearsheet: false,
    });
    writeOutput(root, 'meta', 'r1', {
      meta: {
        inputs: [
          { id: 'a', profile: 'alpha', runId: 'r1' },
          { id: 'b', profile: 'beta', runId: 'r1' },
        ],
        sleeveWeights: { a: 0.25, b: 0.75 },
      },
    });
    writeOutput(root, 'alpha', 'r0', { weights: { X_A: 0.5, X_B: 0.5 }, avgTurnover: 0.2 });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reads status, metrics, turnover, weights, meta inputs and the failed sleeve's error and log tail", () => {
    const run = loadRun(root, 'dist/sleeves', 'r1', ['alpha', 'beta', 'meta', 'gamma']);
    const by = Object.fromEntries(run.entries.map((e) => [e.profile, e]));
    expect(by.alpha).toMatchObject({
      status: 'success',
      kind: 'sleeve',
      avgTurnover: 0.25,
      weights: { X_A: 0.7, X_B: 0.3 },
      tearsheetHref: '../../alpha/r1/tearsheet.html',
    });
    expect(by.alpha.metrics!.days).toBe(60);
    expect(by.meta.kind).toBe('meta-portfolio');
    expect(by.meta.children).toEqual([
      { id: 'a', profile: 'alpha', runId: 'r1', weight: 0.25 },
      { id: 'b', profile: 'beta', runId: 'r1', weight: 0.75 },
    ]);
    expect(by.gamma).toMatchObject({ status: 'missing', error: 'no result at dist/sleeves/gamma/r1/result.json (not run with run id r1)' });
    const all = loadRun(root, 'dist/sleeves', 'r1'); // without a list: every folder of the run id on disk
    expect(all.entries.map((e) => e.profile)).toEqual(['alpha', 'beta', 'meta']); // 'broken <x>' is not a valid name
  });

  it('a zip that does not match result.json is reported, not read', () => {
    writeFileSync(join(root, 'dist/sleeves/beta/r1/artifacts.zip'), 'garbage');
    const [e] = loadRun(root, 'dist/sleeves', 'r1', ['beta']).entries;
    expect(e).toMatchObject({ status: 'invalid', error: 'dist/sleeves/beta/r1/artifacts.zip does not match the sha256 in result.json' });
  });

  it('renders every entry, links only existing tearsheets, shows failures with log tail, and is byte-identical', () => {
    writeOutput(root, 'failing', 'r1', {
      status: 'failed',
      error: 'health audit failed for 2 of 5 symbols\nmore',
      log: 'l1\nl2\nboom <b>\n',
      tearsheet: false,
    });
    const run = loadRun(root, 'dist/sleeves', 'r1', ['alpha', 'beta', 'meta', 'failing']);
    const html = renderDashboard(run);
    for (const p of ['alpha', 'beta', 'meta', 'failing']) expect(html).toContain(`<tr data-profile="${p}">`);
    expect(html).toContain('href="../../alpha/r1/tearsheet.html"');
    expect(html).not.toContain('href="../../failing/');
    expect(html).toContain('<p class="err">health audit failed for 2 of 5 symbols</p>');
    expect(html).toContain('<pre>l1\nl2\nboom &lt;b&gt;</pre>');
    expect(html).toContain('id="correlation"');
    expect(html).toContain('<li data-profile="meta">');
    expect(html).not.toMatch(/src=|https?:/);
    expect(renderDashboard(loadRun(root, 'dist/sleeves', 'r1', ['meta', 'failing', 'beta', 'alpha']))).toBe(html);
  });

  it('writeDashboard writes _runs/<runId>/index.html with a comparison against another run', () => {
    const { path } = writeDashboard({ workspaceRoot: root, runId: 'r1', compare: 'r0', profiles: ['alpha', 'beta'] });
    expect(path).toBe('dist/sleeves/_runs/r1/index.html');
    const html = readFileSync(join(root, path), 'utf8');
    expect(html).toContain('Changes since run r0');
    expect(html).toContain('X_A 50.0% → 70.0%');
    expect(html).toContain('new in this run'); // beta has no r0 folder
    // a profile the batch did not run this time is shown as such, not with the older result on disk
    const skipped = readFileSync(
      join(
        root,
        writeDashboard({ workspaceRoot: root, runId: 'r1', profiles: ['alpha', 'meta'], notRun: { meta: 'not run: dependency alpha:sleeve did not succeed' } })
          .path,
      ),
      'utf8',
    );
    expect(skipped).toContain(
      '<section class="failure" data-profile="meta"><h3>meta <span class="st st-other">not run</span></h3><p class="err">not run: dependency alpha:sleeve did not succeed</p>',
    );
    expect(skipped).not.toContain('<li data-profile="meta">');
    expect(() => writeDashboard({ workspaceRoot: root, runId: 'r1', compare: 'r1' })).toThrow(
      'option "compare": invalid value "r1"; expected another run id than "r1"',
    );
    expect(() => writeDashboard({ workspaceRoot: root, runId: '../x' })).toThrow('runId: invalid value "../x"');
  });
});

describe('cli arguments', () => {
  it('parses and rejects', () => {
    expect(parseArgs(['--runId', 'a', '--compare=b'])).toMatchObject({ runId: 'a', compare: 'b' });
    expect(() => parseArgs(['--bogus'])).toThrow('dashboard: unknown argument "--bogus"');
    expect(() => parseArgs(['--runId'])).toThrow('dashboard: option "--runId" needs a value');
  });
});
