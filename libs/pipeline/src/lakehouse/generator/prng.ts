/** Seeded pseudo-random numbers (sfc32 seeded through a string hash), so every series has its own
 * independent stream: adding a symbol never shifts the numbers of another. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** standard normal */
  normal(): number;
  /** Student-t with `df` degrees of freedom (integer ≥ 3), scaled to unit variance */
  studentT(df: number): number;
}

/** 32-bit FNV-1a of "seed:stream", then murmur-style finalising: four seed words for sfc32. */
function seedWords(seed: number, stream: string): [number, number, number, number] {
  let h = 0x811c9dc5;
  const s = `${seed}:${stream}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    out.push((z ^ (z >>> 16)) >>> 0);
  }
  return out as [number, number, number, number];
}

export function createRng(seed: number, stream: string): Rng {
  let [a, b, c, d] = seedWords(seed, stream);
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const studentT = (df: number): number => {
    let chi2 = 0;
    for (let i = 0; i < df; i++) {
      const z = normal();
      chi2 += z * z;
    }
    // t = z / sqrt(chi2/df) has variance df/(df-2); rescale to unit variance.
    return (normal() / Math.sqrt(chi2 / df)) * Math.sqrt((df - 2) / df);
  };
  return { next, normal, studentT };
}
