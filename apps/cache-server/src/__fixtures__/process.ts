import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export function assertBuilt(): void {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` (or \`npx tsc -b apps/cache-server/tsconfig.lib.json\`) before these tests`);
  }
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  port: number;
  lines: string[];
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string>;
}

/** Starts `node dist/main.js` with `args` and waits for its "listening" log line. */
export function startServerProcess(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      try {
        const rec = JSON.parse(line);
        if (rec.msg === 'listening') resolve({ child, base: `http://127.0.0.1:${rec.port}`, port: rec.port, lines, exited });
      } catch {
        /* not JSON */
      }
    });
    exited.then((code) => reject(new Error(`cache server exited (${code}) before listening: ${stderr.trim()}`)));
  });
}
