// Grows memory outside the JS heap (Buffers) in steps, so only the RSS watchdog can stop it.
exports.run = async () => {
  console.log('hogging buffers');
  const keep = [];
  for (let i = 0; i < 400; i++) {
    keep.push(Buffer.alloc(16 * 1024 * 1024, 1));
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('buffer hog was not stopped');
};
