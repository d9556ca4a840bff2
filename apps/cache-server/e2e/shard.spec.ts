// Unit tests of tools/shard's pure planning (the real-Nx use is in multi-machine.e2e.spec.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS tool without type declarations; typed here
const { parseShard, shardProjects } = require('../../../tools/shard/shard.js') as {
  parseShard(v: unknown): { index: number; total: number };
  shardProjects(p: string[], i: number, n: number): string[];
};

const projects = Array.from({ length: 11 }, (_, i) => `sleeve-${String.fromCharCode(97 + ((i * 7) % 26))}${i}`);

describe('shardProjects', () => {
  it.each([1, 2, 3, 4, 11, 15])('splits into %i shards: each project exactly once, sizes differ by at most 1', (total) => {
    const shards = Array.from({ length: total }, (_, i) => shardProjects(projects, i + 1, total));
    expect(shards.flat().sort()).toEqual([...projects].sort());
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('does not depend on the input order or duplicates', () => {
    const reversed = [...projects].reverse();
    const shuffled = [...projects].sort((a, b) => (a.slice(-1) < b.slice(-1) ? -1 : 1));
    for (const i of [1, 2, 3]) {
      expect(shardProjects(reversed, i, 3)).toEqual(shardProjects(projects, i, 3));
      expect(shardProjects([...shuffled, ...shuffled], i, 3)).toEqual(shardProjects(projects, i, 3));
    }
  });

  it('sorts by code point, not locale', () => {
    expect(shardProjects(['b', 'B', 'a', 'A'], 1, 1)).toEqual(['A', 'B', 'a', 'b']);
    expect(shardProjects(['b', 'B', 'a', 'A'], 1, 2)).toEqual(['A', 'a']);
  });
});

describe('parseShard', () => {
  it('reads i/N', () => {
    expect(parseShard('1/2')).toEqual({ index: 1, total: 2 });
    expect(parseShard(' 3/3 ')).toEqual({ index: 3, total: 3 });
  });
  it.each(['0/2', '3/2', '1/0', '1-2', '', undefined, 'a/b'])('rejects %p with a one-line error', (v) => {
    expect(() => parseShard(v)).toThrow(/^--shard: ".*" is not a shard; expected i\/N with 1 <= i <= N, e\.g\. --shard 1\/2$/);
  });
});
