// Fills the JS heap until V8 hits --max-old-space-size.
exports.run = async () => {
  console.log('hogging heap');
  const keep = [];
  for (;;) keep.push(new Array(100000).fill({ x: Math.random() }));
};
