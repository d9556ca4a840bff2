import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pipeline from '../../../../../libs/pipeline/src/profile/types';
import { MARKETS, META_ENGINES, RISK_ENGINES, SELECTION_MODES } from './constants';

// The generators keep their own copy of these names (the plugin must not load the pipeline library at
// generator time); this fails when the pipeline's profile module and the copy drift apart.
describe('generator constants', () => {
  it('match the pipeline profile module', () => {
    expect([...MARKETS]).toEqual([...pipeline.MARKETS]);
    expect([...RISK_ENGINES]).toEqual([...pipeline.RISK_ENGINES]);
    expect([...SELECTION_MODES]).toEqual([...pipeline.SELECTION_MODES]);
    expect([...META_ENGINES]).toEqual([...pipeline.META_ENGINES]);
  });

  it('match the enums of the sleeve generator schema (what --help and prompts offer)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../sleeve/schema.json'), 'utf-8'));
    expect(schema.properties.market.enum).toEqual([...MARKETS]);
    expect(schema.properties.engine.enum).toEqual([...RISK_ENGINES]);
    expect(schema.properties.mode.enum).toEqual([...SELECTION_MODES]);
  });
});
