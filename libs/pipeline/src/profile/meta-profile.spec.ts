import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMetaProfile } from './meta-profile';

describe('loadMetaProfile', () => {
  let ws: string;
  let file: string;
  const write = (v: unknown) => fs.writeFileSync(file, JSON.stringify(v));
  const two = [
    { id: 'a', project: 'sleeve-a' },
    { id: 'b', project: 'meta-b', runId: 'r1' },
  ];
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-meta-'));
    fs.mkdirSync(path.join(ws, 'apps', 'meta'), { recursive: true });
    file = path.join(ws, 'apps', 'meta', 'meta-portfolio.json');
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('applies defaults and names the profile after its folder', () => {
    write({ $schema: 'x', sleeves: two });
    expect(loadMetaProfile(file)).toEqual({ name: 'meta', sleeves: two, allocation: { engine: 'hrp', minWeight: 0, maxWeight: 1 } });
  });

  it.each([
    [
      { sleeves: two, allocation: { engine: 'min_variance' } },
      'allocation.engine: expected one of hrp, equal_weight, inverse_vol, risk_parity, got "min_variance"',
    ],
    [{ sleeves: [] }, 'sleeves: expected at least 1 item, got []'],
    [{ sleeves: [two[0]], allocation: { maxWeight: 0.5 } }, 'allocation.maxWeight: expected >= 1/1 (weights of 1 sleeves sum to 1), got 0.5'],
    [{ sleeves: [two[0], { id: 'a', project: 'x' }] }, 'sleeves[1].id: expected a unique id, got "a" (also sleeves[0])'],
    [{ sleeves: [two[0], { id: 'b' }] }, 'sleeves[1].project: required field is missing'],
    [{ sleeves: [two[0], { id: 'b', project: 'p', runId: '../x' }] }, 'sleeves[1].runId: expected a name matching ^[A-Za-z0-9][A-Za-z0-9._-]*$, got "../x"'],
    [{ sleeves: two, allocation: { minWeight: 0.6 } }, 'allocation.minWeight: expected <= 1/2 (weights of 2 sleeves sum to 1), got 0.6'],
    [{ sleeves: two, allocation: { maxWeight: 0.4 } }, 'allocation.maxWeight: expected >= 1/2 (weights of 2 sleeves sum to 1), got 0.4'],
    [{ sleeves: two, allocation: { minWeight: 0.5, maxWeight: 0.45 } }, 'allocation.minWeight: expected <= allocation.maxWeight (0.45), got 0.5'],
    [{ sleeves: two, backtest: { costBps: -1 } }, 'backtest.costBps: expected >= 0, got -1'],
    [{ sleeves: two, backtest: { slippageBps: 1 } }, 'backtest.slippageBps: unknown field'],
    [
      { sleeves: two, weights: {} },
      'weights: unknown field (expected one of name, description, tags, notes, sleeves, allocation, backtest, resources, command, pipelineInputs, envAllow)',
    ],
  ])('rejects %j', (json, message) => {
    write(json);
    expect(() => loadMetaProfile(file, { workspaceRoot: ws })).toThrow(`apps/meta/meta-portfolio.json: ${message}`);
  });

  it('takes an optional meta-level backtest.costBps', () => {
    write({ sleeves: two, backtest: { costBps: 7.5 } });
    expect(loadMetaProfile(file).backtest).toEqual({ costBps: 7.5 });
  });

  it('names a missing file', () => {
    expect(() => loadMetaProfile(file)).toThrow(`${file}: file not found`);
  });
});
