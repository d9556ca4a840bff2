#!/usr/bin/env node
// Splits the sleeve projects of the workspace across N CI machines:
//   node tools/shard/index.js --shard 1/2                 prints shard 1's projects, one per line
//   node tools/shard/index.js --shard 1/2 --run [-- ...]  runs `nx run-many -t sleeve --projects=<them>` (+ extra args)
// Options: --target <name> (default sleeve), --exclude <nx pattern> (default tag:nx-sleeves:meta: a
// meta-portfolio depends on sleeves, so it runs after the shards, in its own job, from the cache).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { parseShard, shardProjects } = require('./shard');

function fail(message) {
  process.stderr.write(`shard: ${message}\n`);
  process.exit(2);
}

function nxBin(cwd) {
  try {
    return require.resolve('nx/bin/nx.js', { paths: [cwd] });
  } catch {
    return fail(`cannot find nx from ${cwd}; expected nx installed in the workspace (npm install)`);
  }
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        shard: { type: 'string' },
        target: { type: 'string', default: 'sleeve' },
        exclude: { type: 'string', default: 'tag:nx-sleeves:meta' },
        run: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return fail(`${err.message.split('\n')[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write('Usage: node tools/shard/index.js --shard i/N [--target sleeve] [--exclude tag:nx-sleeves:meta] [--run] [-- <nx args>]\n');
    return;
  }
  let shard;
  try {
    shard = parseShard(values.shard);
  } catch (err) {
    return fail(err.message.replace(/^--shard: /, '--shard '));
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9:._-]*$/.test(values.target)) fail(`--target "${values.target}" is not a target name`);

  const cwd = process.cwd();
  const nx = nxBin(cwd);
  const env = { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false' };
  const listArgs = [nx, 'show', 'projects', '--with-target', values.target, '--json'];
  if (values.exclude) listArgs.push('--exclude', values.exclude);
  let all;
  try {
    all = JSON.parse(execFileSync(process.execPath, listArgs, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  } catch (err) {
    return fail(`listing projects with target "${values.target}" failed: ${String(err.message).split('\n')[0]}`);
  }
  const mine = shardProjects(all, shard.index, shard.total);
  if (!values.run) {
    if (mine.length) process.stdout.write(mine.join('\n') + '\n');
    return;
  }
  process.stderr.write(`shard ${shard.index}/${shard.total}: ${mine.length} of ${all.length} projects: ${mine.join(', ') || '(none)'}\n`);
  if (mine.length === 0) return;
  const r = spawnSync(process.execPath, [nx, 'run-many', '-t', values.target, `--projects=${mine.join(',')}`, ...positionals], { cwd, env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

main();
