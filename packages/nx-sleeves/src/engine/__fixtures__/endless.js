// A synchronous endless loop: the worker's own event loop is blocked, only the parent can end it.
exports.run = () => {
  console.log('looping');
  for (;;) {
    // never yields the event loop
  }
};
