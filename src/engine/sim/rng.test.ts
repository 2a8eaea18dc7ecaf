import { describe, expect, it } from 'vitest';
import { fnv1a, Rng } from './rng';

describe('Rng (PCG32)', () => {
  it('matches the reference pcg32 output for initstate 42, initseq 54', () => {
    // From pcg32-demo in the PCG reference C implementation (pcg-random.org).
    const rng = new Rng(42, 54);
    const out = Array.from({ length: 6 }, () => rng.nextU32());
    expect(out).toEqual([0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
  });

  it('is deterministic for the same seed and differs across seeds', () => {
    const a = new Rng(7, 1);
    const b = new Rng(7, 1);
    const c = new Rng(8, 1);
    const xs = [a.nextU32(), a.nextU32(), a.nextU32()];
    expect([b.nextU32(), b.nextU32(), b.nextU32()]).toEqual(xs);
    expect([c.nextU32(), c.nextU32(), c.nextU32()]).not.toEqual(xs);
  });

  it('gives each named stream its own sequence, unaffected by other streams', () => {
    const n1 = Rng.forName(1, 'node1');
    const first = n1.nextU32();
    Rng.forName(1, 'node2').nextU32();
    expect(Rng.forName(1, 'node1').nextU32()).toBe(first);
    expect(Rng.forName(1, 'node2').nextU32()).not.toBe(first);
  });

  it('keeps below(n) in range and roughly uniform', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[rng.below(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => rng.below(0)).toThrow(RangeError);
  });

  it('fills bytes and draws inclusive ranges', () => {
    const rng = new Rng(5);
    const bytes = rng.fill(new Uint8Array(7));
    expect(bytes.some((b) => b !== 0)).toBe(true);
    for (let i = 0; i < 1000; i++) {
      const x = rng.int(32768, 60999);
      expect(x).toBeGreaterThanOrEqual(32768);
      expect(x).toBeLessThanOrEqual(60999);
    }
  });

  it('hashes strings with FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
});
