const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** Parses `1048576`, `512MB`, `10GiB`, `1.5g` (binary units) into bytes; throws a one-line error naming `field`. */
export function parseSize(field: string, value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value;
    throw new Error(`${field}: ${value} is not a size; expected a positive whole number of bytes or e.g. "512MB", "10GB"`);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new Error(`${field}: "${value}" is not a size; expected a number of bytes or e.g. "512MB", "10GB"`);
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new Error(`${field}: "${value}" is not a positive size; expected e.g. "512MB", "10GB"`);
  }
  return bytes;
}
