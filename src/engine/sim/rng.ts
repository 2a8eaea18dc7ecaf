/**
 * Seeded randomness: PCG32 (O'Neill, pcg-random.org, "pcg32_random_r"), in 64-bit state held as
 * BigInt-free 32-bit halves so it runs fast and identically everywhere. Each machine gets its own
 * stream forked from hash(seed, name), so adding a machine never changes another's MACs or ports.
 */

const MULT_HI = 0x5851f42d;
const MULT_LO = 0x4c957f2d;

export class Rng {
  private hi: number;
  private lo: number;
  private incHi: number;
  private incLo: number;

  constructor(seed: number, stream = 0) {
    // pcg32_srandom_r: inc = (initseq << 1) | 1; state = 0; step; state += initstate; step.
    const s = stream >>> 0;
    this.incHi = s >>> 31;
    this.incLo = ((s << 1) | 1) >>> 0;
    this.hi = 0;
    this.lo = 0;
    this.step();
    this.add(seed >>> 0, Math.floor(seed / 0x1_0000_0000) >>> 0);
    this.step();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.step();
    // xorshifted = ((old >> 18) ^ old) >> 27, truncated to 32 bits; rot = old >> 59.
    const xHi = (oldHi >>> 18) ^ oldHi;
    const xLo = ((oldLo >>> 18) | (oldHi << 14)) ^ oldLo;
    const xorshifted = ((xLo >>> 27) | (xHi << 5)) >>> 0;
    const rot = oldHi >>> 27;
    return ((xorshifted >>> rot) | (xorshifted << (-rot & 31))) >>> 0;
  }

  /** An integer in [0, n) without modulo bias. */
  below(n: number): number {
    if (n <= 0 || !Number.isInteger(n))
      throw new RangeError(`below(${n}): n must be a positive integer`);
    if (n > 0x1_0000_0000) throw new RangeError(`below(${n}): n must fit in 32 bits`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** An integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** Fill a byte array with random bytes. */
  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      const x = this.nextU32();
      for (let j = 0; j < 4 && i + j < bytes.length; j++) bytes[i + j] = (x >>> (8 * j)) & 0xff;
    }
    return bytes;
  }

  /** A fresh independent stream derived from this seed and a name (e.g. a machine name). */
  static forName(seed: number, name: string): Rng {
    return new Rng(fnv1a(`${seed}:${name}`), fnv1a(name));
  }

  /** state = state * MULT + inc (mod 2^64). */
  private step(): void {
    const aHi = this.hi;
    const aLo = this.lo;
    // 64x64 -> low 64 bits, with 16-bit limbs for the low word product to stay exact.
    const lo = mul32(aLo, MULT_LO);
    const hi = (Math.imul(aHi, MULT_LO) + Math.imul(aLo, MULT_HI) + lo.carry) >>> 0;
    this.lo = lo.low;
    this.hi = hi;
    this.add(this.incLo, this.incHi);
  }

  private add(lo: number, hi: number): void {
    const sum = this.lo + lo;
    this.lo = sum >>> 0;
    this.hi = (this.hi + hi + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  }
}

/** Full 32x32 -> 64-bit unsigned product: the low word and the high word (carry). */
function mul32(a: number, b: number): { low: number; carry: number } {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  const low = ((mid << 16) | (ll & 0xffff)) >>> 0;
  const carry = (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
  return { low, carry };
}

/** FNV-1a over the UTF-16 code units of a string: a stable 32-bit hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
