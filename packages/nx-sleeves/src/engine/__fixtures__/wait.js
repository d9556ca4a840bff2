// Says "ready" then waits (for cancel tests); writes a partial artifact first, and its pid to
// options.readyFile when given (written last, so the test knows the sleeve is running).
const fs = require('node:fs');
exports.run = async (ctx) => {
  fs.writeFileSync(`${ctx.artifactsDir}/partial.txt`, 'partial');
  console.log('ready');
  if (ctx.options.readyFile) fs.writeFileSync(ctx.options.readyFile, String(process.pid));
  await new Promise((r) => setTimeout(r, 60000));
};
