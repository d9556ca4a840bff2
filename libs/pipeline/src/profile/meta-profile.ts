import * as path from 'node:path';
import { profileError } from './errors';
import { displayPath, readJsonObject } from './load-profile';
import { describeError, errorPath, fieldName, schemaFor } from './schemas';
import type { MetaProfile } from './types';

export { META_FILE } from '@nx-sleeves/contracts';

/**
 * Loads and validates a meta-portfolio profile (`meta-portfolio.json`): schema defaults applied,
 * `name` defaulting to the folder name, sleeve ids unique, and weight bounds that admit Σw = 1.
 * Errors name the file (relative to `workspaceRoot` when given), the field and what was expected.
 */
export function loadMetaProfile(file: string, opts: { workspaceRoot?: string } = {}): MetaProfile {
  const shown = opts.workspaceRoot ? displayPath(opts.workspaceRoot, file) : file;
  const json = readJsonObject(file, shown)!;
  delete json.$schema;
  if (json.name === undefined) json.name = path.basename(path.dirname(path.resolve(file)));
  const { validate } = schemaFor('meta-portfolio');
  if (!validate(json)) {
    const err = validate.errors![0];
    throw profileError(shown, fieldName(errorPath(err)), describeError(err));
  }
  const meta = json as unknown as MetaProfile;
  const seen = new Map<string, number>();
  meta.sleeves.forEach((s, i) => {
    if (seen.has(s.id)) throw profileError(shown, `sleeves[${i}].id`, `expected a unique id, got ${JSON.stringify(s.id)} (also sleeves[${seen.get(s.id)}])`);
    seen.set(s.id, i);
  });
  const { minWeight, maxWeight } = meta.allocation;
  const n = meta.sleeves.length;
  if (minWeight > maxWeight) throw profileError(shown, 'allocation.minWeight', `expected <= allocation.maxWeight (${maxWeight}), got ${minWeight}`);
  if (minWeight * n > 1 + 1e-12) throw profileError(shown, 'allocation.minWeight', `expected <= 1/${n} (weights of ${n} sleeves sum to 1), got ${minWeight}`);
  if (maxWeight * n < 1 - 1e-12) throw profileError(shown, 'allocation.maxWeight', `expected >= 1/${n} (weights of ${n} sleeves sum to 1), got ${maxWeight}`);
  return meta;
}
