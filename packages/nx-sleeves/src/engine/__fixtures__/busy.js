// CPU-bound work for ctx.options.ms (default 1000); records start/end (ms since epoch) in options.recordDir.
const fs = require('node:fs');
exports.run = async (ctx) => {
  const rec = ctx.options.recordDir;
  if (rec) fs.writeFileSync(`${rec}/${ctx.profile}.start`, String(Date.now()));
  const ms = ctx.options.ms ?? 1000;
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
  if (rec) fs.writeFileSync(`${rec}/${ctx.profile}.end`, String(Date.now()));
  ctx.log(`done ${x > 0}`);
};
