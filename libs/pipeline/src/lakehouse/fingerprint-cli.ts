#!/usr/bin/env node
/** `node libs/pipeline/dist/lakehouse/fingerprint-cli.js <dir> [--cache <file>|--no-cache]`
 * prints the lakehouse content fingerprint as one hex line (an Nx runtime cache input). */
import { fingerprint } from './fingerprint';

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
  process.stdout.write((await fingerprint(dir, { cacheFile })) + '\n');
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(err.message + '\n');
  process.exit(1);
});
