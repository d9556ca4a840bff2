type Json = unknown;

export function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects are merged key by key, anything else (arrays included) is replaced by the
 * later value. Inputs are not modified. */
export function deepMerge(...layers: Json[]): Json {
  let out: Json = undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    out = mergeTwo(out, layer);
  }
  return out;
}

function mergeTwo(base: Json, over: Json): Json {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeTwo(base[k], v) : clone(v);
    return out;
  }
  return clone(over);
}

function clone(v: Json): Json {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Sets `value` at `path` in a nested object, creating objects on the way (returns a new object). */
export function setPath(obj: Record<string, Json>, path: string[], value: Json): Record<string, Json> {
  const patch: Record<string, Json> = {};
  let cur = patch;
  path.forEach((k, i) => {
    if (i === path.length - 1) cur[k] = value;
    else cur = cur[k] = {} as Record<string, Json>;
  });
  return deepMerge(obj, patch) as Record<string, Json>;
}

/** The value at `path`, or undefined. */
export function getPath(obj: Json, path: string[]): Json {
  let cur = obj;
  for (const k of path) {
    if (!isPlainObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, Json>)[k];
  }
  return cur;
}
