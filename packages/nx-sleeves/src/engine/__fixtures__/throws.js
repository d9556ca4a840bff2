exports.run = async (ctx) => {
  console.log(`attempt marker ${ctx.options.marker}`);
  require('node:fs').appendFileSync(ctx.options.marker, 'x');
  throw new Error('bad data in stage select');
};
