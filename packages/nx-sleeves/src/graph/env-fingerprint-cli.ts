#!/usr/bin/env node
/**
 * Runtime cache input of sleeve targets: one line with the plugin version and a sha256 over the TV_* variables
 * that override profile fields (Nx inputs cannot glob env names). TV_RUN_ID is hashed separately, TV_PROFILE is
 * set per sleeve by the engine. Values are hashed, never printed: TV_* may carry secrets.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOT_OVERRIDES = new Set(['TV_RUN_ID', 'TV_PROFILE']);

export function envFingerprint(env: NodeJS.ProcessEnv, version: string): string {
  const names = Object.keys(env)
    .filter((k) => k.startsWith('TV_') && !NOT_OVERRIDES.has(k))
    .sort();
  const hash = createHash('sha256');
  for (const k of names) hash.update(`${k}=${env[k]}\n`);
  return `nx-sleeves@${version} tv-overrides:${names.length}:${hash.digest('hex')}`;
}

export function pluginVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

if (require.main === module) {
  process.stdout.write(`${envFingerprint(process.env, pluginVersion())}\n`);
}
