// Pure planning for CI sharding: which projects shard i of N runs. No I/O here.
'use strict';

/** Parses "i/N" (1-based) into { index, total }; throws a one-line error naming the option. */
function parseShard(value) {
  const m = /^(\d+)\/(\d+)$/.exec(String(value ?? '').trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) {
    throw new Error(`--shard: "${value ?? ''}" is not a shard; expected i/N with 1 <= i <= N, e.g. --shard 1/2`);
  }
  return { index, total };
}

/**
 * The projects of shard `index` (1-based) of `total`: the names are de-duplicated and sorted by code
 * point (not locale, so every machine agrees), then dealt round-robin. Every project lands in exactly
 * one shard, shard sizes differ by at most one, and the input order does not matter.
 */
function shardProjects(projects, index, total) {
  const sorted = [...new Set(projects)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.filter((_, i) => i % total === index - 1);
}

module.exports = { parseShard, shardProjects };
