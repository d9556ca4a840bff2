// Writes a small deterministic artifact and a few log lines.
const fs = require('node:fs');
const path = require('node:path');
exports.run = async (ctx) => {
  console.log(`hello ${ctx.profile}`);
  ctx.progress('write', 'artifacts');
  fs.mkdirSync(path.join(ctx.artifactsDir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(ctx.artifactsDir, 'data', 'oos_returns.csv'), 'date,return\n2024-01-02,0.01\n');
  fs.mkdirSync(path.join(ctx.artifactsDir, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(ctx.artifactsDir, 'reports', 'tearsheet.html'), `<h1>${ctx.profile}</h1>\n`);
  ctx.log(`lakehouse files: ${fs.readdirSync(ctx.lakehouseDir).sort().join(',')}`);
};
