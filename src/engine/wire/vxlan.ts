/**
 * VXLAN (RFC 7348): an 8-byte header in UDP, then a whole Ethernet frame.
 *
 * Linux (and flannel) use UDP port 8472, the pre-IANA port, when `dstport` is not given; IANA's is
 * 4789. Flags are normally 0x08 ("I": VNI valid). Left out: GBP, GPE and other extensions; the
 * reserved fields are written as zero and not reported by `parseVxlan` (Linux drops a packet whose
 * flags are not exactly 0x08 when no extension is enabled; that check belongs to the device).
 */

import { ByteView, getU32, setU32 } from './bytes';
import { fail, ok, type Result } from './errors';

/** Length of the VXLAN header. */
export const VXLAN_HEADER_LEN = 8;
/** The "I" flag: VNI present. */
export const VXLAN_FLAG_I = 0x08;

/** Byte offsets of the VXLAN header fields. */
export const VXLAN_FIELD = { FLAGS: 0, RESERVED1: 1, VNI: 4, RESERVED2: 7 } as const;
const field = VXLAN_FIELD;

/** Parsed VXLAN header. */
export interface VxlanRepr {
  readonly flags: number;
  /** 24-bit VXLAN network identifier. */
  readonly vni: number;
}

/** Read/write view over a VXLAN header and its inner frame. */
export class VxlanPacket extends ByteView {
  flags(): number {
    return this.bytes[field.FLAGS];
  }
  vni(): number {
    return getU32(this.bytes, field.VNI) >>> 8;
  }
  /** The inner Ethernet frame (a view). */
  payload(): Uint8Array {
    return this.bytes.subarray(VXLAN_HEADER_LEN);
  }
  /** Writes the flags byte and zeroes the 24 reserved bits after it. */
  setFlags(value: number): void {
    setU32(this.bytes, field.FLAGS, (value & 0xff) << 24);
  }
  /** Writes the VNI and zeroes the last reserved byte. */
  setVni(value: number): void {
    setU32(this.bytes, field.VNI, (value & 0xffffff) << 8);
  }
}

/** Size of a VXLAN packet carrying an inner frame of `innerLen` bytes. */
export function vxlanBufferLen(innerLen: number): number {
  return VXLAN_HEADER_LEN + innerLen;
}

/** Parses the VXLAN header; the inner frame is `bytes.subarray(VXLAN_HEADER_LEN)`. */
export function parseVxlan(bytes: Uint8Array): Result<VxlanRepr> {
  if (bytes.length < VXLAN_HEADER_LEN) return fail('vxlan', 'truncated header');
  return ok({ flags: bytes[field.FLAGS], vni: getU32(bytes, field.VNI) >>> 8 });
}

/** Writes the 8-byte header into `buf`; the inner frame is not touched. */
export function emitVxlan(repr: VxlanRepr, buf: Uint8Array): void {
  setU32(buf, field.FLAGS, (repr.flags & 0xff) << 24);
  setU32(buf, field.VNI, (repr.vni & 0xffffff) << 8);
}
