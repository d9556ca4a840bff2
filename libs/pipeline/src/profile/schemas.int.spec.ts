import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Runs the compiled library in a plain node process: the precompiled validators exist only in dist/.
const dist = path.resolve(__dirname, '../../dist/profile');
const run = (script: string): unknown => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: dist }).trim());

const PROFILES = [
  { universe: { market: 'etf' } },
  { universe: { market: ['etf', 'crypto'] }, risk: { engine: 'min_variance' } },
  { universe: { market: 'etf' }, risk: { engine: 'foo' } },
  { universe: { symbols: ['bad symbol'] } },
  { universe: {}, backtest: { costBps: -1 } },
  { universe: {}, selection: { colour: 'red' } },
  { universe: { limit: 0 } },
];

describe('precompiled profile validators (build step)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(dist, 'validators', 'sleeve.js')))
      throw new Error('libs/pipeline/dist/profile/validators is missing: run npm run build first');
  });

  it('are used without loading ajv and agree with ajv compiling the schema at run time, defaults and errors included', () => {
    const script = `
      const fs = require('node:fs'); const path = require('node:path');
      const m = require('./schemas.js');
      const pre = m.schemaFor('sleeve').validate;
      const ajvLoaded = Object.keys(require.cache).some((k) => k.includes('/node_modules/ajv/dist/ajv.js'));
      const Ajv = require('ajv').default;
      const rt = new Ajv(m.AJV_OPTIONS).compile(JSON.parse(fs.readFileSync(path.join(m.SCHEMA_DIR, 'sleeve.schema.json'), 'utf8')));
      const outcome = (v, p) => { const d = JSON.parse(JSON.stringify(p)); const ok = v(d); return { ok, d, e: ok ? null : v.errors.map((e) => [e.keyword, e.instancePath, m.describeError(e)]) }; };
      const profiles = ${JSON.stringify(PROFILES)};
      console.log(JSON.stringify({ ajvLoaded, pre: profiles.map((p) => outcome(pre, p)), rt: profiles.map((p) => outcome(rt, p)) }));`;
    const r = run(script) as { ajvLoaded: boolean; pre: unknown[]; rt: unknown[] };
    expect(r.ajvLoaded).toBe(false);
    expect(r.pre).toEqual(r.rt);
    expect((r.pre as { ok: boolean }[]).map((o) => o.ok)).toEqual([true, true, false, false, false, false, false]);
  });

  it('a validator made from other schema bytes is ignored: ajv compiles the current schema', () => {
    const script = `
      const fs = require('node:fs'); const path = require('node:path');
      const file = path.join(__dirname, 'validators', 'sleeve.js');
      require(file).schemaSha256 = 'stale';
      const m = require('./schemas.js');
      const ok = m.schemaFor('sleeve').validate({ universe: { market: 'etf' } });
      console.log(JSON.stringify({ ok, ajvLoaded: Object.keys(require.cache).some((k) => k.includes('/node_modules/ajv/dist/ajv.js')) }));`;
    // __dirname is not defined for -e scripts: give it the dist folder.
    expect(run(`const __dirname = ${JSON.stringify(dist)};` + script)).toEqual({ ok: true, ajvLoaded: true });
  });
});
