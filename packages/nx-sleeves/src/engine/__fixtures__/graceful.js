// Waits for context.signal (timeout/cancel send SIGTERM; the worker aborts the signal) and logs it.
exports.run = (ctx) =>
  new Promise((resolve) => {
    console.log('waiting');
    ctx.signal.addEventListener('abort', () => {
      console.log(`aborted: ${ctx.signal.reason && ctx.signal.reason.message}`);
      resolve();
    });
  });
