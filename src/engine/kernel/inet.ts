/**
 * IPv4 addresses as unsigned 32-bit numbers, and MAC addresses as 48-bit numbers: cheap to
 * compare, hash and mask. Parsing follows iproute2's get_addr for IPv4 (dotted quad, with fewer
 * parts allowed as "10.1" = 10.1.0.0) and its MAC syntax.
 */

export type Ipv4 = number;
export type Mac = number;

export interface Prefix {
  addr: Ipv4;
  len: number;
}

/** Parse an IPv4 address the way iproute2 does ("10", "10.1" and "10.1.2.3" are all valid). */
export function parseIpv4(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  while (bytes.length < 4) bytes.push(0);
  return (((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0) as Ipv4;
}

export function formatIpv4(a: Ipv4): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** Netmask of a prefix length (0..32). */
export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

export function networkOf(addr: Ipv4, len: number): Ipv4 {
  return (addr & maskOf(len)) >>> 0;
}

export function broadcastOf(addr: Ipv4, len: number): Ipv4 {
  return (networkOf(addr, len) | (~maskOf(len) >>> 0)) >>> 0;
}

export function inPrefix(addr: Ipv4, p: Prefix): boolean {
  return networkOf(addr, p.len) === networkOf(p.addr, p.len);
}

/** `A.B.C.D[/LEN]`; without /LEN the prefix is a host (/32). */
export function parsePrefix(text: string): Prefix | undefined {
  const [a, l, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const addr = parseIpv4(a);
  if (addr === undefined) return undefined;
  if (l === undefined) return { addr, len: 32 };
  if (!/^\d{1,2}$/.test(l) || Number(l) > 32) return undefined;
  return { addr, len: Number(l) };
}

export function formatPrefix(p: Prefix): string {
  return `${formatIpv4(p.addr)}/${p.len}`;
}

export const BROADCAST_MAC: Mac = 0xffffffffffff;

/** Two lowercase hex digits for each byte value (formatMac runs for every traced frame). */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0'),
);

export function formatMac(m: Mac): string {
  const hi = Math.floor(m / 0x1_0000_0000) % 0x1_0000;
  const lo = m % 0x1_0000_0000;
  return `${HEX_BYTE[hi >>> 8]}:${HEX_BYTE[hi & 0xff]}:${HEX_BYTE[lo >>> 24]}:${HEX_BYTE[(lo >>> 16) & 0xff]}:${HEX_BYTE[(lo >>> 8) & 0xff]}:${HEX_BYTE[lo & 0xff]}`;
}

export function parseMac(text: string): Mac | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number.parseInt(p, 16), 0);
}

export function macBytes(m: Mac): number[] {
  const out: number[] = [];
  for (let i = 5; i >= 0; i--) out.push(Math.floor(m / 2 ** (8 * i)) % 256);
  return out;
}

export function macFromBytes(b: ArrayLike<number>): Mac {
  let m = 0;
  for (let i = 0; i < 6; i++) m = m * 256 + b[i];
  return m;
}

/** Multicast (group) bit of the first octet. */
export function isMulticastMac(m: Mac): boolean {
  return (Math.floor(m / 2 ** 40) & 1) === 1;
}

/** The IPv6 link-local address the kernel derives from a MAC (modified EUI-64). */
export function linkLocalFromMac(m: Mac): string {
  const b = macBytes(m);
  const groups = [
    ((b[0] ^ 2) << 8) | b[1],
    (b[2] << 8) | 0xff,
    (0xfe << 8) | b[3],
    (b[4] << 8) | b[5],
  ];
  return compressIpv6([0xfe80, 0, 0, 0, ...groups]);
}

/** RFC 5952 text form of eight 16-bit groups. */
export function compressIpv6(groups: number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
