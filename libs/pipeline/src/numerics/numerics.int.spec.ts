/**
 * Real-process check of what workers actually load: the compiled CommonJS in libs/pipeline/dist/numerics,
 * run by plain `node` (no ts-jest), on a realistic 150-asset window. `npm test` builds dist first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(__dirname, '..', '..', 'dist', 'numerics', 'index.js');

const script = `
const N = require(${JSON.stringify(dist)});
let a = 12345;
const rand = () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
const g = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
const m = [];
for (let d = 0; d < 252; d++) { const f = 0.01 * g(); m.push(Array.from({ length: 150 }, (_, i) => f * (0.5 + (i % 7) / 7) + 0.01 * g())); }
const cov = N.covariance(m);
const out = {};
for (const [k, w] of Object.entries({
  inverseVol: N.inverseVol(cov), minVariance: N.minVariance(cov, { maxWeight: 0.05 }),
  riskParity: N.riskParity(cov), hrp: N.hrp(cov),
})) {
  const rc = N.riskContributions(w, cov);
  out[k] = { sum: w.reduce((s, x) => s + x, 0), min: Math.min(...w), max: Math.max(...w),
    rcSpread: Math.max(...rc) - Math.min(...rc), variance: N.portfolioVariance(w, cov) };
}
out.sharpe = N.sharpe(m.map((r) => r[0]));
process.stdout.write(JSON.stringify(out));
`;

describe('numerics from the compiled dist in a plain node process', () => {
  it('builds weights for 150 assets that satisfy the contract', () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` (npm test does) first`);
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    for (const k of ['inverseVol', 'minVariance', 'riskParity', 'hrp']) {
      expect(Math.abs(out[k].sum - 1)).toBeLessThan(1e-9);
      expect(out[k].min).toBeGreaterThanOrEqual(0);
    }
    expect(out.minVariance.max).toBeLessThanOrEqual(0.05);
    expect(out.riskParity.rcSpread).toBeLessThan(1e-6);
    // the minimum-variance portfolio is the least risky of the four
    for (const k of ['inverseVol', 'riskParity', 'hrp']) expect(out.minVariance.variance).toBeLessThan(out[k].variance);
    expect(Number.isFinite(out.sharpe)).toBe(true);
  });
});
