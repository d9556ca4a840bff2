/**
 * The JSON files that state a contract as data (the pipeline's profile schemas, the generator's option schema) must
 * say what the contracts module says. The one place that checks it: the schemas are data, shipped as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIRECTIONS, ENV_ALLOW_PATTERN, MARKETS, META_ENGINES, NAME_PATTERN, RISK_ENGINES, SELECTION_MODES, SYMBOL_ID_PATTERN } from './index';

interface Schema {
  pattern?: string;
  enum?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
}

const REPO = join(__dirname, '..', '..', '..');
const read = (rel: string): Schema => JSON.parse(readFileSync(join(REPO, rel), 'utf8')) as Schema;
const at = (s: Schema, ...keys: string[]): Schema => keys.reduce<Schema>((n, k) => (k === '[]' ? n.items! : n.properties![k]), s);
/** The symbol pattern without its capture groups (JSON Schema only tests, it does not capture). */
const SYMBOL_ID = SYMBOL_ID_PATTERN.source.replace(/[()]/g, '');

describe('libs/pipeline/schema/sleeve.schema.json', () => {
  const s = read('libs/pipeline/schema/sleeve.schema.json');
  it('states the name, symbol and env allow-list patterns of the contracts', () => {
    expect(at(s, 'name').pattern).toBe(NAME_PATTERN.source);
    expect(at(s, 'universe', 'symbols', '[]').pattern).toBe(SYMBOL_ID);
    expect(at(s, 'backtest', 'benchmark').pattern).toBe(SYMBOL_ID);
    expect(at(s, 'envAllow', '[]').pattern).toBe(ENV_ALLOW_PATTERN.source);
  });
  it('offers the engines, selection modes and directions of the contracts', () => {
    expect(at(s, 'risk', 'engine').enum).toEqual([...RISK_ENGINES]);
    expect(at(s, 'selection', 'mode').enum).toEqual([...SELECTION_MODES]);
    expect(at(s, 'selection', 'direction').enum).toEqual([...DIRECTIONS]);
  });
});

describe('libs/pipeline/schema/meta-portfolio.schema.json', () => {
  const s = read('libs/pipeline/schema/meta-portfolio.schema.json');
  it('states the name and env allow-list patterns and the meta engines of the contracts', () => {
    expect(at(s, 'name').pattern).toBe(NAME_PATTERN.source);
    expect(at(s, 'sleeves', '[]', 'id').pattern).toBe(NAME_PATTERN.source);
    expect(at(s, 'sleeves', '[]', 'runId').pattern).toBe(NAME_PATTERN.source);
    expect(at(s, 'envAllow', '[]').pattern).toBe(ENV_ALLOW_PATTERN.source);
    expect(at(s, 'allocation', 'engine').enum).toEqual([...META_ENGINES]);
  });
});

describe('packages/nx-sleeves/src/generators/sleeve/schema.json', () => {
  it('offers the markets, engines and selection modes of the contracts (what --help and prompts list)', () => {
    const s = read('packages/nx-sleeves/src/generators/sleeve/schema.json');
    expect(at(s, 'market').enum).toEqual([...MARKETS]);
    expect(at(s, 'engine').enum).toEqual([...RISK_ENGINES]);
    expect(at(s, 'mode').enum).toEqual([...SELECTION_MODES]);
  });
});
