// The clean-up step that once broke neighbours: deletes everything in its lakehouse view, and (option
// modify) appends to a shared file through its link.
const fs = require('node:fs');
const path = require('node:path');
exports.run = async (ctx) => {
  if (ctx.options.modify) fs.appendFileSync(path.join(ctx.lakehouseDir, ctx.options.modify), 'tampered');
  fs.rmSync(ctx.lakehouseDir, { recursive: true, force: true });
  console.log('lakehouse view removed');
};
