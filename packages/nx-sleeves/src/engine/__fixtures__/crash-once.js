// Crashes on the first attempt (no marker yet), succeeds on the next.
const fs = require('node:fs');
exports.run = async (ctx) => {
  const marker = ctx.options.marker;
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, '1');
    console.log('crashing');
    process.exit(7);
  }
  console.log('second attempt ok');
};
