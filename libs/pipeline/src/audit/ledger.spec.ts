import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLedger, GENESIS_HASH, sha256, verifyAuditChain } from './ledger';

describe('audit ledger', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nxs-audit-'));
    file = join(dir, 'audit.jsonl');
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    const l = new AuditLedger(file);
    l.intent('one', { step: 1 });
    l.outcome('one', 'ok', [{ path: 'a.txt', bytes: 5, sha256: sha256('alpha') }], { summary: 's' });
    l.intent('two');
    l.outcome('two', 'failed', [], { error: 'boom' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('chains entries from the genesis hash and verifies', () => {
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.stage}:${l.event}`)).toEqual(['one:intent', 'one:outcome', 'two:intent', 'two:outcome']);
    expect(lines[0].prev).toBe(GENESIS_HASH);
    for (let i = 1; i < lines.length; i++) expect(lines[i].prev).toBe(lines[i - 1].hash);
    expect(verifyAuditChain(file, { artifactsDir: dir })).toEqual({ ok: true, entries: 4, head: lines[3].hash });
  });

  it('detects an edited entry', () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('"error":"boom"', '"error":"fine"'));
    const v = verifyAuditChain(file);
    expect(v.ok).toBe(false);
    expect(v.error).toMatch(/line 4: hash is .* \(entry altered\)/);
  });

  it('detects a removed entry and reordered entries', () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, [lines[0], lines[2], lines[3]].join('\n') + '\n');
    expect(verifyAuditChain(file).error).toMatch(/line 2: seq is 2, expected 1/);
    writeFileSync(file, [lines[1], lines[0], lines[2], lines[3]].join('\n') + '\n');
    expect(verifyAuditChain(file).ok).toBe(false);
  });

  it('detects a re-hashed entry whose successor still points at the old hash', () => {
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // a forger rewrites entry 1 and recomputes its own hash, but entry 2 still carries the old one
    const { hash: _h, ...rest } = { ...lines[1], detail: { summary: 'forged' } };
    const { entryHash } = jest.requireActual('./ledger');
    lines[1] = { ...rest, hash: entryHash(rest) };
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(verifyAuditChain(file).error).toMatch(/line 3: prev is .* \(chain broken\)/);
  });

  it('detects a changed artifact recorded by a stage', () => {
    writeFileSync(join(dir, 'a.txt'), 'alpha!');
    expect(verifyAuditChain(file).ok).toBe(true);
    expect(verifyAuditChain(file, { artifactsDir: dir }).error).toMatch(/recorded file a.txt has sha256 .* \(file altered\)/);
  });

  it('reports a missing file clearly', () => {
    expect(verifyAuditChain(join(dir, 'nope.jsonl')).error).toMatch(/nope.jsonl: not found/);
  });
});
