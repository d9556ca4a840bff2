#!/usr/bin/env node
// Build step after tsc: precompiles the profile JSON Schemas into standalone ajv validators
// (dist/profile/validators/<name>.js), so a sleeve process neither loads ajv nor generates code.
// Each file records the sha256 of the schema bytes it was made from; schemas.ts ignores a stale one.
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const dist = path.join(__dirname, '..', 'dist', 'profile');
const { AJV_OPTIONS, SCHEMA_DIR, VALIDATORS_DIR, sha256 } = require(path.join(dist, 'schemas.js'));

fs.mkdirSync(VALIDATORS_DIR, { recursive: true });
for (const name of ['sleeve', 'meta-portfolio']) {
  const text = fs.readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), 'utf8');
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
  const target = path.join(VALIDATORS_DIR, `${name}.js`);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${code}\nmodule.exports.schemaSha256 = ${JSON.stringify(sha256(text))};\n`);
  fs.renameSync(tmp, target);
}
