import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMetaPortfolio, parseSleeveProfile, readSleeveProfile } from './profile';

describe('parseSleeveProfile', () => {
  it('takes the name, else the folder name, and the resources', () => {
    expect(parseSleeveProfile({ name: 'us-tech', resources: { cpus: 2, memoryMb: 1024 } }, 'apps/x/sleeve.json')).toEqual({
      kind: 'sleeve',
      name: 'us-tech',
      description: undefined,
      resources: { cpus: 2, memoryMb: 1024 },
    });
    expect(parseSleeveProfile({ description: 'd' }, 'apps/folder-name/sleeve.json')).toMatchObject({ name: 'folder-name', description: 'd' });
  });

  it('takes fractional cpus, as the profile schema and the engine do', () => {
    expect(parseSleeveProfile({ resources: { cpus: 0.5 } }, 'apps/x/sleeve.json').resources).toEqual({ cpus: 0.5 });
  });

  it.each([
    [{ name: '../evil' }, 'apps/x/sleeve.json: name: invalid value "../evil"; expected a name matching'],
    [{ name: 'a/b' }, 'apps/x/sleeve.json: name: invalid value "a/b"'],
    [{ resources: { cpus: 0 } }, 'apps/x/sleeve.json: resources.cpus: invalid value 0; expected a number > 0'],
    // the engine's bounds (engine/validate.ts SPEC_BOUNDS): a memory limit the engine would refuse at run time
    [{ resources: { memoryMb: 32 } }, 'apps/x/sleeve.json: resources.memoryMb: invalid value 32; expected an integer >= 64'],
    [{ resources: 'big' }, 'apps/x/sleeve.json: resources: invalid value "big"; expected an object'],
    [{ description: 3 }, 'apps/x/sleeve.json: description: invalid value 3; expected a string'],
  ])('rejects %j naming the file and field', (json, message) => {
    expect(() => parseSleeveProfile(json, 'apps/x/sleeve.json')).toThrow(message);
  });
});

describe('parseMetaPortfolio', () => {
  const file = 'apps/meta/meta-portfolio.json';
  it('parses the entries with optional pinned run ids', () => {
    expect(
      parseMetaPortfolio(
        {
          name: 'meta',
          sleeves: [
            { id: 'a', project: 'alpha' },
            { id: 'b', project: 'beta', runId: 'r1' },
          ],
        },
        file,
      ).sleeves,
    ).toEqual([
      { id: 'a', project: 'alpha' },
      { id: 'b', project: 'beta', runId: 'r1' },
    ]);
  });

  it.each([
    [{ sleeves: [] }, `${file}: sleeves: invalid value []; expected a non-empty array`],
    [{ sleeves: [{ id: 'a' }] }, `${file}: sleeves[0].project: invalid value undefined; expected an Nx project name`],
    [
      {
        sleeves: [
          { id: 'a', project: 'x' },
          { id: 'a', project: 'y' },
        ],
      },
      `${file}: sleeves[1].id: invalid value "a"; expected an id not used`,
    ],
    [{ sleeves: [{ id: 'a', project: 'x', runId: '../r' }] }, `${file}: sleeves[0].runId: invalid value "../r"`],
  ])('rejects %j naming the file and entry', (json, message) => {
    expect(() => parseMetaPortfolio(json, file)).toThrow(message);
  });
});

describe('readSleeveProfile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nxs-profile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file in a JSON syntax error', () => {
    mkdirSync(join(dir, 'apps/x'), { recursive: true });
    writeFileSync(join(dir, 'apps/x/sleeve.json'), '{ "name": ');
    expect(() => readSleeveProfile(join(dir, 'apps/x/sleeve.json'), 'apps/x/sleeve.json')).toThrow(/^apps\/x\/sleeve\.json: invalid JSON: /);
  });

  it('rejects a JSON value that is not an object', () => {
    writeFileSync(join(dir, 'sleeve.json'), '[1]');
    expect(() => readSleeveProfile(join(dir, 'sleeve.json'), 'sleeve.json')).toThrow('sleeve.json: (root): invalid value [1]; expected a JSON object');
  });
});
