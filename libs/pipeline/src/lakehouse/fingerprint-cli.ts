#!/usr/bin/env node
/** `node libs/pipeline/dist/lakehouse/fingerprint-cli.js <dir> [--cache <file>|--no-cache]`
 * prints the lakehouse content fingerprint as one hex line (an Nx runtime cache input). */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { fingerprint } from './fingerprint';

export const MISSING = createHash('sha256').update('nx-sleeves-lakehouse-fingerprint-v1\nmissing\n').digest('hex');

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  let cacheFile: string | false | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cache') cacheFile = argv[++i];
    else if (a === '--no-cache') cacheFile = false;
    else if (a.startsWith('-')) throw new Error(`fingerprint-cli: unknown option ${a} (expected <dir> [--cache <file>|--no-cache])`);
    else if (dir === undefined) dir = a;
    else throw new Error(`fingerprint-cli: unexpected argument ${JSON.stringify(a)} (expected one directory)`);
  }
  if (!dir) throw new Error('fingerprint-cli: missing <dir> (usage: fingerprint-cli <dir> [--cache <file>|--no-cache])');
  if (cacheFile === undefined && argv.includes('--cache')) throw new Error('fingerprint-cli: --cache needs a file');
  if (!fs.existsSync(dir)) {
    // As an Nx runtime input this may run before market-data:lakehouse has made the directory; a
    // stable "missing" value keeps hashing going (the sleeve itself fails clearly if data stays missing).
    process.stderr.write(`fingerprint-cli: ${dir} does not exist (yet); printing the fingerprint of a missing lakehouse\n`);
    process.stdout.write(MISSING + '\n');
    return;
  }
  process.stdout.write((await fingerprint(dir, { cacheFile })) + '\n');
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(err.message + '\n');
  process.exit(1);
});
