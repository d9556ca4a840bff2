import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Slurm client commands answer within seconds; a hung one must not hang the engine. */
export const COMMAND_TIMEOUT_MS = 60_000;

/** A Slurm command that failed; `fatal` when no sleeve of this backend can run (command missing, controller unreachable). */
export class SlurmCommandError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

/** Errors meaning the cluster itself is unusable from here, not that one job was refused. */
const UNREACHABLE =
  /Unable to contact slurm controller|Zero Bytes were transmitted|Communication connection failure|Socket timed out|Connection refused|munge|Invalid authentication credential|Unable to establish controller|Could not establish a configuration source|cannot open.*slurm\.conf|Unable to process configuration file/i;

/** The absolute path of `name` on PATH (looked up once; the sleeve's env may not even have PATH). */
export function which(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Runs a Slurm command; rejects with a one-line SlurmCommandError naming the backend and the command. */
export function runSlurm(bin: string | undefined, name: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  if (!bin) {
    return Promise.reject(
      new SlurmCommandError(`slurm backend: \`${name}\` not found on PATH (install the Slurm client commands, or use --backend local)`, true),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      const said =
        `${stderr}`
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .pop() ?? e.message.split('\n')[0];
      const why = e.code === 'ENOENT' ? `\`${bin}\` not found` : e.killed ? `no answer within ${COMMAND_TIMEOUT_MS / 1000} s` : said;
      reject(
        new SlurmCommandError(`slurm backend: \`${name} ${args[0] ?? ''}\` failed: ${why}`.replace(/\s+/g, ' '), e.code === 'ENOENT' || UNREACHABLE.test(why)),
      );
    });
  });
}
