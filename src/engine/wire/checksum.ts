/**
 * The Internet checksum (RFC 1071) and the IPv4 pseudo-header (RFC 768, RFC 793).
 *
 * All checksum arithmetic of the wire layer lives here, as in smoltcp's `wire::ip::checksum`:
 * `dataSum` adds 16-bit words, `combine` folds partial sums, `pseudoHeaderSum` adds the IPv4
 * pseudo-header. Left out: incremental update (RFC 1624); callers recompute instead.
 */

/**
 * Sums `bytes[start..end)` as big-endian 16-bit words (an odd last byte is padded with zero).
 * The result is an unfolded 32-bit-safe sum; feed it to {@link combine} or {@link fold}.
 */
export function dataSum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!(Number.isInteger(start) && start >= 0 && end <= bytes.length))
    return wordSum(bytes, start, end);
  // The high and low bytes of the words summed apart: the same total, one add per byte.
  let high = 0;
  let low = 0;
  let i = start;
  const last = end - 1;
  for (; i < last; i += 2) {
    high += bytes[i];
    low += bytes[i + 1];
  }
  if (i === last) high += bytes[i];
  return high * 256 + low;
}

/** `dataSum` word by word, for any range (bytes outside `bytes` count as 0). */
function wordSum(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  let i = start;
  const last = end - 1;
  for (; i < last; i += 2) {
    sum += (bytes[i] << 8) | bytes[i + 1];
  }
  if (i === last) sum += bytes[i] << 8;
  return sum;
}

/** Folds a sum to 16 bits with end-around carry (no complement). */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** Combines partial sums into one folded 16-bit sum (no complement). */
export function combine(...sums: number[]): number {
  let total = 0;
  for (const s of sums) total += s;
  return fold(total);
}

/** The checksum to store: the ones' complement of the folded sum. */
export function checksumOf(sum: number): number {
  return ~fold(sum) & 0xffff;
}

/** Sum of the IPv4 pseudo-header used by UDP and TCP: src, dst, zero+protocol, length. */
export function pseudoHeaderSum(
  src: number,
  dst: number,
  protocol: number,
  length: number,
): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}

/** Writes the checksum of `bytes[start..end)` plus `extra` at `bytes[at..at+2)` (zeroed first). */
export function fillChecksum(
  bytes: Uint8Array,
  at: number,
  start = 0,
  end = bytes.length,
  extra = 0,
): number {
  bytes[at] = 0;
  bytes[at + 1] = 0;
  const value = checksumOf(dataSum(bytes, start, end) + extra);
  bytes[at] = value >>> 8;
  bytes[at + 1] = value & 0xff;
  return value;
}

/** True when `bytes[start..end)` plus `extra`, checksum field included, sums to 0xffff. */
export function checksumValid(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  extra = 0,
): boolean {
  return fold(dataSum(bytes, start, end) + extra) === 0xffff;
}
