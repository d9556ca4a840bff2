#!/usr/bin/env node
/**
 * Runtime cache input of sleeve targets: one line with the plugin version and a sha256 over the TV_* variables
 * that override profile fields (Nx inputs cannot glob env names). TV_RUN_ID is hashed separately, TV_PROFILE is
 * set per sleeve by the engine. Values are hashed, never printed: TV_* may carry secrets.
 *
 * The "version" also carries a digest of the plugin's compiled code that runs a sleeve (engine, worker, zip export,
 * executor, graph): workers run `dist/`, and inside a workspace that develops the plugin its package.json version
 * does not move when that code changes, so the version alone would replay results computed by older code. Hashing
 * the compiled files (not the sources) covers exactly what runs, a stale `dist/` included.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runPipelineFingerprint } from './lakehouse-fingerprint-cli';

export const NOT_OVERRIDES = new Set(['TV_RUN_ID', 'TV_PROFILE']);

/**
 * Digest of the variables an external pipeline is let through beyond `TV_*` (names or `PREFIX_*` patterns, as in
 * `envAllow`): `env:<count>:<sha256>`, values hashed and never printed; an unset name hashes differently from an
 * empty one.
 */
export function allowedEnvDigest(env: NodeJS.ProcessEnv, patterns: string[]): string {
  const names = new Set<string>();
  for (const p of patterns) {
    if (!p.endsWith('*')) names.add(p);
    else for (const k of Object.keys(env)) if (k.startsWith(p.slice(0, -1))) names.add(k);
  }
  const hash = createHash('sha256');
  for (const k of [...names].sort()) hash.update(env[k] === undefined ? `${k}\0unset\n` : `${k}=${env[k]}\n`);
  return `env:${names.size}:${hash.digest('hex')}`;
}

export function envFingerprint(env: NodeJS.ProcessEnv, version: string, allowed: string[] = []): string {
  const names = Object.keys(env)
    .filter((k) => k.startsWith('TV_') && !NOT_OVERRIDES.has(k))
    .sort();
  const hash = createHash('sha256');
  for (const k of names) hash.update(`${k}=${env[k]}\n`);
  const base = `nx-sleeves@${version} tv-overrides:${names.length}:${hash.digest('hex')}`;
  return allowed.length ? `${base} ${allowedEnvDigest(env, allowed)}` : base;
}

/** Top-level folders of `dist/` whose code never runs a sleeve (scaffolding only): left out of the digest. */
const NOT_RUNTIME = new Set(['generators']);

/**
 * sha256 over the relative path and bytes of every compiled `.js` file of the plugin's `dist/` (sorted; source maps,
 * type declarations and generators left out), or `none` when there is no `dist/`. Relative paths only: clones in
 * different folders with the same build give the same digest.
 */
export function pluginCodeDigest(distDir: string = join(__dirname, '..', '..', 'dist')): string {
  const files: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(distDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!(rel === '' && NOT_RUNTIME.has(e.name))) walk(path);
      } else if (e.name.endsWith('.js')) files.push(path);
    }
  };
  walk('');
  if (files.length === 0) return 'none';
  files.sort();
  const hash = createHash('sha256');
  for (const f of files) {
    const bytes = readFileSync(join(distDir, f));
    hash.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** The `dist/` of @nx-sleeves/contracts as the plugin resolves it, or undefined when it does not resolve. */
function contractsDistDir(): string | undefined {
  try {
    return join(dirname(require.resolve('@nx-sleeves/contracts/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

/**
 * The plugin's runtime code and the contracts package's code it runs (the contracts' version is pinned, but a
 * workspace that develops it keeps that version while the code changes): one sha256 over both digests.
 */
export function runtimeCodeDigest(pluginDist?: string, contractsDist: string | undefined = contractsDistDir()): string {
  const contracts = contractsDist === undefined ? 'none' : pluginCodeDigest(contractsDist);
  return createHash('sha256')
    .update(`${pluginCodeDigest(pluginDist)}\n${contracts}`)
    .digest('hex');
}

/** The plugin's package version plus the digest of its compiled runtime code (`0.1.0+code.<sha256>`). */
export function pluginVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return `${manifest.version}+code.${runtimeCodeDigest()}`;
}

/** Option of the CLI: `--lakehouse <dir>` also prints the lakehouse fingerprint, as a second line. */
export const LAKEHOUSE_FLAG = '--lakehouse';

/** The CLI's arguments: an optional `--lakehouse <dir>` first, then the allowed names (pure). */
export function parseEnvFingerprintArgs(argv: string[]): { lakehouse?: string; allowed: string[] } {
  if (argv[0] !== LAKEHOUSE_FLAG) return { allowed: argv };
  if (argv.length < 2) throw new Error(`env-fingerprint-cli: ${LAKEHOUSE_FLAG} needs a directory`);
  return { lakehouse: argv[1], allowed: argv.slice(2) };
}

if (require.main === module) {
  // Arguments: [--lakehouse <dir>] then the sleeve's allowed variable names / PREFIX_* patterns beyond TV_* (see
  // graph/target.ts). Both fingerprints in one process: Nx runs every distinct runtime command once per hashing
  // thread, so one command instead of two halves that cost.
  const { lakehouse, allowed } = parseEnvFingerprintArgs(process.argv.slice(2));
  process.stdout.write(`${envFingerprint(process.env, pluginVersion(), allowed)}\n`);
  if (lakehouse !== undefined) runPipelineFingerprint([lakehouse]);
}
