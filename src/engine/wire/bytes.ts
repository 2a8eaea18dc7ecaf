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
 * Base of the packet views: a `Uint8Array`, and a big-endian `DataView` over the same bytes made
 * on first use (the views on the packet path read with {@link getU16} and friends and never
 * need one). Subclasses add one-line accessors; none of them allocates.
 */
export class ByteView {
  readonly bytes: Uint8Array;
  private view: DataView | undefined;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  protected get dv(): DataView {
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.view;
  }

  protected mac(at: number): MacAddr {
    return readMac(this.dv, at);
  }

  protected setMac(at: number, value: MacAddr): void {
    writeMac(this.dv, at, value);
  }
}

/** The big-endian 16-bit value at `bytes[at..at+2)` (as `DataView.getUint16`, without one). */
export function getU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** The big-endian 32-bit value at `bytes[at..at+4)`, unsigned. */
export function getU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** Stores `value` big-endian at `bytes[at..at+2)`, truncated as `DataView.setUint16` does. */
export function setU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value;
}

/** Stores `value` big-endian at `bytes[at..at+4)`, truncated as `DataView.setUint32` does. */
export function setU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** Size of the shared buffers {@link allocPacket} carves packets out of. */
const PACKET_SLAB_BYTES = 16 * 1024;
/** Packets at least this long get a buffer of their own. */
const PACKET_SLAB_MAX = 2048;
let slab = new ArrayBuffer(PACKET_SLAB_BYTES);
let slabUsed = 0;

/**
 * `new Uint8Array(length)` for the packet path: zero-filled bytes, carved from a shared 16 KiB
 * buffer that is never reused (a fresh ArrayBuffer per packet costs a native allocation and GC
 * sweeping, ten times the price). `buffer` is therefore shared and `byteOffset` is not 0: read it
 * through `byteOffset` (as `dataView` does), and copy with `slice()` what is kept or sent.
 */
export function allocPacket(length: number): Uint8Array {
  if (length >= PACKET_SLAB_MAX) return new Uint8Array(length);
  if (slabUsed + length > PACKET_SLAB_BYTES) {
    slab = new ArrayBuffer(PACKET_SLAB_BYTES);
    slabUsed = 0;
  }
  const bytes = new Uint8Array(slab, slabUsed, length);
  // Keep the next packet 8-byte aligned.
  slabUsed += (length + 7) & ~7;
  return bytes;
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
