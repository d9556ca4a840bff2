import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

// Apart from sandbox.ts so the worker process does not load node:crypto (start-up time counts per sleeve).

/** A fresh, unique sandbox path: `<parent>/<profile>-<runId>-<random>` (names validated upstream). */
export function sandboxPathFor(parent: string, profile: string, runId: string): string {
  return path.join(parent, `${profile}-${runId}-${randomBytes(6).toString('hex')}`);
}
