// Removes its own logs folder (a careless clean-up step), then the runtime writes raw output to fd 2
// (as V8 or a native addon does, bypassing console) and the pipeline fails.
const fs = require('node:fs');
exports.run = async (ctx) => {
  fs.rmSync(ctx.logsDir, { recursive: true, force: true });
  fs.writeSync(2, 'raw native output\n');
  throw new Error('gave up after cleaning');
};
