// Writes its pid to options.readyFile, then spins forever in a synchronous loop: its event loop never
// turns again, so nothing event-driven inside this process (an IPC 'disconnect' handler) can run.
const fs = require('node:fs');
exports.run = (ctx) => {
  fs.writeFileSync(ctx.options.readyFile, String(process.pid));
  for (;;) {
    // never yields the event loop
  }
};
