// Helpers shared by the benchmark scripts (not a benchmark itself: run.js only picks *.bench.js).

/** Seeded PRNG (mulberry32): the same seed gives the same stream on every machine, so runs are comparable. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { mulberry32 };
