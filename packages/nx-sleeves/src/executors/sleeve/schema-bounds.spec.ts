import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeSpec, SPEC_BOUNDS, type NumericBound } from '../../engine/validate';

// The engine owns the bounds of a spec's numbers; schema.json (what Nx validates and documents) must state the same.
const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8')) as { properties: Record<string, NumericBound> };
const base = { profile: 'p', runId: 'r', pipeline: '/w/p.js', lakehouse: '/w/lake', outputPath: '/w/out' };

describe.each(Object.entries(SPEC_BOUNDS))('%s', (field, bound: NumericBound) => {
  it('has the same type and bounds in schema.json as in the engine', () => {
    const { type, minimum, exclusiveMinimum, maximum } = schema.properties[field];
    expect({ type, minimum, exclusiveMinimum, maximum }).toEqual({
      type: bound.type,
      minimum: bound.minimum,
      exclusiveMinimum: bound.exclusiveMinimum,
      maximum: bound.maximum,
    });
  });

  it('is enforced by the engine at exactly those bounds', () => {
    const at = (v: number) => () => normalizeSpec({ ...base, [field]: v });
    if (bound.minimum !== undefined) {
      expect(at(bound.minimum)).not.toThrow();
      expect(at(bound.minimum - (bound.type === 'integer' ? 1 : 1e-9))).toThrow(`${field}: invalid value`);
    }
    if (bound.exclusiveMinimum !== undefined) {
      expect(at(bound.exclusiveMinimum)).toThrow(`${field}: invalid value`);
      expect(at(bound.exclusiveMinimum + 0.25)).not.toThrow();
    }
    if (bound.maximum !== undefined) {
      expect(at(bound.maximum)).not.toThrow();
      expect(at(bound.maximum + 1)).toThrow(`${field}: invalid value`);
    }
    if (bound.type === 'integer') expect(at((bound.minimum ?? 0) + 1.5)).toThrow(`expected an integer`);
  });
});
