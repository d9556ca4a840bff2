// A synchronous endless loop: the worker's own event loop is blocked, only the parent can end it.
exports.run = (ctx) => {
  console.log('looping');
  for (;;) {}
};
