/**
 * Ethernet II frames (IEEE 802.3 clause 3.1.1, "DIX" framing as Linux sends it).
 *
 * Left out: the FCS (Linux captures never include it), 802.1Q VLAN tags and 802.3 length/LLC
 * frames; an ethertype below 0x0600 is kept as a raw number like any unknown ethertype. Frames
 * shorter than 60 bytes are not padded here: veth does not pad, and captures on a sending veth
 * show 42-byte ARP frames.
 */

import { ByteView, type MacAddr } from './bytes';
import { fail, ok, type Result } from './errors';

/** Ethertypes the lab knows by name; any other value is kept as a raw number. */
export const EtherType = {
  IPv4: 0x0800,
  ARP: 0x0806,
  IPv6: 0x86dd,
} as const;

/** Length of the Ethernet II header: dst(6) src(6) ethertype(2). */
export const ETHERNET_HEADER_LEN = 14;

const field = { DST: 0, SRC: 6, ETHERTYPE: 12 } as const;

/** Parsed Ethernet II header. */
export interface EthernetRepr {
  readonly dst: MacAddr;
  readonly src: MacAddr;
  readonly ethertype: number;
}

/** Read/write view over an Ethernet II frame. Accessors are valid after a length check. */
export class EthernetFrame extends ByteView {
  /** Destination MAC. */
  dst(): MacAddr {
    return this.mac(field.DST);
  }
  /** Source MAC. */
  src(): MacAddr {
    return this.mac(field.SRC);
  }
  /** Ethertype (raw). */
  ethertype(): number {
    return this.dv.getUint16(field.ETHERTYPE);
  }
  /** The bytes after the header (a view, not a copy). */
  payload(): Uint8Array {
    return this.bytes.subarray(ETHERNET_HEADER_LEN);
  }
  setDst(value: MacAddr): void {
    this.setMac(field.DST, value);
  }
  setSrc(value: MacAddr): void {
    this.setMac(field.SRC, value);
  }
  setEthertype(value: number): void {
    this.dv.setUint16(field.ETHERTYPE, value);
  }
}

/** Size of a frame carrying `payloadLen` bytes. */
export function ethernetBufferLen(payloadLen: number): number {
  return ETHERNET_HEADER_LEN + payloadLen;
}

/** Parses the Ethernet header of `bytes`; the payload is `bytes.subarray(ETHERNET_HEADER_LEN)`. */
export function parseEthernet(bytes: Uint8Array): Result<EthernetRepr> {
  if (bytes.length < ETHERNET_HEADER_LEN) return fail('ethernet', 'truncated header');
  const frame = new EthernetFrame(bytes);
  return ok({ dst: frame.dst(), src: frame.src(), ethertype: frame.ethertype() });
}

/** Writes the header into `buf` (at least 14 bytes); the payload is left untouched. */
export function emitEthernet(repr: EthernetRepr, buf: Uint8Array): void {
  const frame = new EthernetFrame(buf);
  frame.setDst(repr.dst);
  frame.setSrc(repr.src);
  frame.setEthertype(repr.ethertype);
}
