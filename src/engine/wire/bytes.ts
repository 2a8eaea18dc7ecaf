/**
 * Shared byte helpers: the base of every packet view, and address types.
 *
 * Addresses are plain numbers so that reprs stay small, comparable with `===` and free of
 * allocation: an IPv4 address is an unsigned 32-bit integer, a MAC a 48-bit integer (exact in a
 * double). Left out: IPv6 addresses (the lab only decodes IPv6 as an opaque ethertype).
 */

/** An IPv4 address as an unsigned 32-bit integer (10.0.0.1 = 0x0a000001). */
export type Ipv4Addr = number;
/** A MAC address as a 48-bit integer (02:42:ac:11:00:02 = 0x0242ac110002). */
export type MacAddr = number;

const TWO_32 = 0x1_0000_0000;

/** The Ethernet broadcast address ff:ff:ff:ff:ff:ff. */
export const MAC_BROADCAST: MacAddr = 0xffff_ffff_ffff;

/**
 * Base of the packet views: a `Uint8Array` plus a big-endian `DataView` over the same bytes.
 * Subclasses add one-line accessors; none of them allocates.
 */
export class ByteView {
  readonly bytes: Uint8Array;
  protected readonly dv: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  protected mac(at: number): MacAddr {
    return readMac(this.dv, at);
  }

  protected setMac(at: number, value: MacAddr): void {
    writeMac(this.dv, at, value);
  }
}

/** Wraps a byte array in a big-endian DataView (no copy). */
export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes a 48-bit MAC at `at`. */
export function writeMac(dv: DataView, at: number, value: MacAddr): void {
  dv.setUint16(at, Math.floor(value / TWO_32));
  dv.setUint32(at + 2, value >>> 0);
}

/** Reads a 48-bit MAC at `at`. */
export function readMac(dv: DataView, at: number): MacAddr {
  return dv.getUint16(at) * TWO_32 + dv.getUint32(at + 2);
}

/** Formats a MAC the way iproute2 and tcpdump do: `02:42:ac:11:00:02`. */
export function macToString(mac: MacAddr): string {
  let out = '';
  for (let shift = 40; shift >= 0; shift -= 8) {
    const byte = Math.floor(mac / 2 ** shift) % 256;
    out += (shift === 40 ? '' : ':') + byte.toString(16).padStart(2, '0');
  }
  return out;
}

/** Parses `aa:bb:cc:dd:ee:ff`; returns `undefined` when malformed. */
export function macFromString(text: string): MacAddr | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number.parseInt(p, 16), 0);
}

/** Formats an IPv4 address in dotted quad. */
export function ipv4ToString(addr: Ipv4Addr): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/** Parses a dotted quad; returns `undefined` when malformed. */
export function ipv4FromString(text: string): Ipv4Addr | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Hex dump without separators (`0a0b`), for fixtures and field values. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Inverse of {@link toHex}; whitespace is ignored. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
