/**
 * UDP over IPv4 (RFC 768) with the pseudo-header checksum.
 *
 * A transmitted checksum of 0 means "none" (RFC 768); Linux VXLAN sends its outer UDP with
 * checksum 0 unless `udpcsum` is set, so the repr keeps that choice (`checksum: 'none'`). A
 * computed checksum of 0 is sent as 0xffff. Left out: UDP-Lite, IPv6 pseudo-header.
 */

import { ByteView, getU16, type Ipv4Addr, setU16 } from './bytes';
import { checksumValid, fillChecksum, pseudoHeaderSum } from './checksum';
import { fail, ok, type ParseOptions, type Result } from './errors';
import { IpProtocol } from './ipv4';

/** Length of the UDP header. */
export const UDP_HEADER_LEN = 8;

/** Well-known ports the decoder follows. */
export const UdpPort = {
  /** Linux's default VXLAN port (IANA's is 4789); flannel uses it. */
  VxlanLinux: 8472,
  VxlanIana: 4789,
  /** flannel's UDP backend. */
  FlannelUdp: 8285,
} as const;

/** Byte offsets of the UDP header fields. */
export const UDP_FIELD = { SRC_PORT: 0, DST_PORT: 2, LENGTH: 4, CHECKSUM: 6 } as const;
const field = UDP_FIELD;

/** Parsed UDP header. */
export interface UdpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payloadLen: number;
  /** `'full'`: a valid checksum is written; `'none'`: the field is 0 (RFC 768 "no checksum"). */
  readonly checksum: 'full' | 'none';
}

/** Read/write view over a UDP datagram. */
export class UdpPacket extends ByteView {
  srcPort(): number {
    return getU16(this.bytes, field.SRC_PORT);
  }
  dstPort(): number {
    return getU16(this.bytes, field.DST_PORT);
  }
  /** The length field (header + payload). */
  length(): number {
    return getU16(this.bytes, field.LENGTH);
  }
  checksum(): number {
    return getU16(this.bytes, field.CHECKSUM);
  }
  /** Payload up to the length field (a view). */
  payload(): Uint8Array {
    return this.bytes.subarray(UDP_HEADER_LEN, this.length());
  }
  /** True when the checksum is 0 (none) or correct for the given addresses. */
  verifyChecksum(src: Ipv4Addr, dst: Ipv4Addr): boolean {
    return udpChecksumValid(this.bytes, src, dst);
  }
  setSrcPort(value: number): void {
    setU16(this.bytes, field.SRC_PORT, value);
  }
  setDstPort(value: number): void {
    setU16(this.bytes, field.DST_PORT, value);
  }
  setLength(value: number): void {
    setU16(this.bytes, field.LENGTH, value);
  }
  setChecksum(value: number): void {
    setU16(this.bytes, field.CHECKSUM, value);
  }
  /** Computes and stores the checksum over header + payload (0 is sent as 0xffff). */
  fillChecksum(src: Ipv4Addr, dst: Ipv4Addr): void {
    fillUdpChecksum(this.bytes, src, dst);
  }
}

/** True when the checksum of the datagram at `bytes` is correct or absent (zero). */
function udpChecksumValid(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): boolean {
  if (getU16(bytes, field.CHECKSUM) === 0) return true;
  const len = getU16(bytes, field.LENGTH);
  return checksumValid(bytes, 0, len, pseudoHeaderSum(src, dst, IpProtocol.UDP, len));
}

/** Fills the checksum of the datagram at `bytes` (0 is sent as 0xffff: 0 means "none"). */
function fillUdpChecksum(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): void {
  const len = getU16(bytes, field.LENGTH);
  const value = fillChecksum(
    bytes,
    field.CHECKSUM,
    0,
    len,
    pseudoHeaderSum(src, dst, IpProtocol.UDP, len),
  );
  if (value === 0) setU16(bytes, field.CHECKSUM, 0xffff);
}

/** Size of the datagram described by `repr`. */
export function udpBufferLen(repr: UdpRepr): number {
  return UDP_HEADER_LEN + repr.payloadLen;
}

/**
 * Parses a UDP datagram; `bytes` is the IP payload, `src`/`dst` the IP addresses (for the
 * checksum). The payload is `bytes.subarray(8, 8 + payloadLen)`.
 */
export function parseUdp(
  bytes: Uint8Array,
  src: Ipv4Addr,
  dst: Ipv4Addr,
  opts: ParseOptions = {},
): Result<UdpRepr> {
  // Reads the fields straight from the bytes (no UdpPacket): this runs for every datagram.
  if (bytes.length < UDP_HEADER_LEN) return fail('udp', 'truncated header');
  const len = getU16(bytes, field.LENGTH);
  if (len < UDP_HEADER_LEN) return fail('udp', `length ${len} below 8`);
  if (len > bytes.length) return fail('udp', `length ${len} exceeds ${bytes.length} bytes`);
  if (opts.verifyChecksum !== false && !udpChecksumValid(bytes, src, dst))
    return fail('udp', 'bad checksum');
  return ok({
    srcPort: getU16(bytes, field.SRC_PORT),
    dstPort: getU16(bytes, field.DST_PORT),
    payloadLen: len - UDP_HEADER_LEN,
    checksum: getU16(bytes, field.CHECKSUM) === 0 ? 'none' : 'full',
  });
}

/**
 * Writes the header into `buf` and, for `checksum: 'full'`, the checksum over the payload that
 * must already be in place at `buf[8..8+payloadLen)` (emit inner layers first).
 */
export function emitUdp(repr: UdpRepr, buf: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): void {
  setU16(buf, field.SRC_PORT, repr.srcPort);
  setU16(buf, field.DST_PORT, repr.dstPort);
  setU16(buf, field.LENGTH, UDP_HEADER_LEN + repr.payloadLen);
  if (repr.checksum === 'full') fillUdpChecksum(buf, src, dst);
  else setU16(buf, field.CHECKSUM, 0); // zero, not omitted: "no checksum" is a value on the wire
}

/** Checksum status of a captured datagram, for decoders: 'none', 'good' or 'bad'. */
export function udpChecksumStatus(
  bytes: Uint8Array,
  src: Ipv4Addr,
  dst: Ipv4Addr,
): 'none' | 'good' | 'bad' {
  const p = new UdpPacket(bytes);
  if (p.checksum() === 0) return 'none';
  return p.verifyChecksum(src, dst) ? 'good' : 'bad';
}
