// Says "ready" then waits (for cancel tests); writes a partial artifact first.
exports.run = async (ctx) => {
  require('node:fs').writeFileSync(`${ctx.artifactsDir}/partial.txt`, 'partial');
  console.log('ready');
  await new Promise((r) => setTimeout(r, 60000));
};
