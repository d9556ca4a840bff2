#!/usr/bin/env node
// Test driver (real processes): reads {engine, specs, cancelOnLine?} as JSON on stdin, runs the compiled
// engine, prints one JSON line {results, lines, statuses}. Used by *.int.spec.ts and by hand.
const path = require('node:path');
const dist = path.resolve(__dirname, '../../../dist/engine/index.js');
const { SleeveComputeEngine } = require(dist);

let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const cfg = JSON.parse(input);
  const lines = [];
  const statuses = [];
  let engine;
  engine = new SleeveComputeEngine({
    ...cfg.engine,
    onLine: (sleeve, line) => {
      lines.push([sleeve, line]);
      if (cfg.cancelOnLine && line === cfg.cancelOnLine) void engine.cancelAll('test cancel');
    },
    onStatus: (sleeve, event) => statuses.push([sleeve, event]),
  });
  if (cfg.cancelOnSigint) process.on('SIGINT', () => void engine.cancelAll('SIGINT'));
  if (cfg.cancelOnSignal) process.on(cfg.cancelOnSignal, () => void engine.cancelAll(cfg.cancelOnSignal));
  const results = cfg.stream ? [] : await engine.executeSleeves(cfg.specs);
  if (cfg.stream) for await (const r of engine.runSleeves(cfg.specs)) results.push(r);
  await engine.shutdown();
  // Every process this one started (workers, commands, their children) must be gone by now.
  const { readProcessTable, sleeveProcesses } = require(path.resolve(__dirname, '../../../dist/process/process-table.js'));
  const leftover = sleeveProcesses(readProcessTable(), process.pid, [])
    .map((p) => p.pid)
    .filter((p) => p !== process.pid);
  process.stdout.write(JSON.stringify({ results, lines, statuses, leftover }) + '\n');
});
