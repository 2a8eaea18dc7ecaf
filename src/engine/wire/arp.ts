/**
 * ARP for IPv4 over Ethernet (RFC 826; gratuitous ARP per RFC 5227 section 3).
 *
 * Heads up: read RFC 826 and RFC 1122 section 2.3.2 before changing neighbour behaviour; this file
 * only turns bytes into fields. Left out: hardware/protocol address lengths other than 6/4 (a
 * parse error: the lab has no other link types); RARP and InARP are kept as raw operation numbers.
 */

import { ByteView, type Ipv4Addr, type MacAddr } from './bytes';
import { fail, ok, type Result } from './errors';

/** ARP operation codes; any other value is kept as a raw number. */
export const ArpOperation = { Request: 1, Reply: 2 } as const;

/** Hardware type Ethernet (1). */
export const ARP_HTYPE_ETHERNET = 1;
/** Protocol type IPv4 (0x0800). */
export const ARP_PTYPE_IPV4 = 0x0800;
/** Length of an Ethernet/IPv4 ARP packet. */
export const ARP_PACKET_LEN = 28;

const field = { HTYPE: 0, PTYPE: 2, HLEN: 4, PLEN: 5, OPER: 6, SHA: 8, SPA: 14, THA: 18, TPA: 24 };

/** Parsed Ethernet/IPv4 ARP packet. A gratuitous ARP has `senderIp === targetIp`. */
export interface ArpRepr {
  readonly hardwareType: number;
  readonly protocolType: number;
  readonly operation: number;
  readonly senderMac: MacAddr;
  readonly senderIp: Ipv4Addr;
  readonly targetMac: MacAddr;
  readonly targetIp: Ipv4Addr;
}

/** Read/write view over an ARP packet (Ethernet/IPv4 layout). */
export class ArpPacket extends ByteView {
  hardwareType(): number {
    return this.dv.getUint16(field.HTYPE);
  }
  protocolType(): number {
    return this.dv.getUint16(field.PTYPE);
  }
  hardwareLen(): number {
    return this.bytes[field.HLEN];
  }
  protocolLen(): number {
    return this.bytes[field.PLEN];
  }
  operation(): number {
    return this.dv.getUint16(field.OPER);
  }
  senderMac(): MacAddr {
    return this.mac(field.SHA);
  }
  senderIp(): Ipv4Addr {
    return this.dv.getUint32(field.SPA);
  }
  targetMac(): MacAddr {
    return this.mac(field.THA);
  }
  targetIp(): Ipv4Addr {
    return this.dv.getUint32(field.TPA);
  }
  setHardwareType(value: number): void {
    this.dv.setUint16(field.HTYPE, value);
  }
  setProtocolType(value: number): void {
    this.dv.setUint16(field.PTYPE, value);
  }
  setHardwareLen(value: number): void {
    this.bytes[field.HLEN] = value;
  }
  setProtocolLen(value: number): void {
    this.bytes[field.PLEN] = value;
  }
  setOperation(value: number): void {
    this.dv.setUint16(field.OPER, value);
  }
  setSenderMac(value: MacAddr): void {
    this.setMac(field.SHA, value);
  }
  setSenderIp(value: Ipv4Addr): void {
    this.dv.setUint32(field.SPA, value);
  }
  setTargetMac(value: MacAddr): void {
    this.setMac(field.THA, value);
  }
  setTargetIp(value: Ipv4Addr): void {
    this.dv.setUint32(field.TPA, value);
  }
}

/** Byte offsets of the ARP fields (for decoders that highlight bytes). */
export const ARP_FIELD = field;

/** Size of the ARP packet for `repr` (always 28). */
export function arpBufferLen(_repr?: ArpRepr): number {
  return ARP_PACKET_LEN;
}

/** Parses an Ethernet/IPv4 ARP packet; trailing bytes (Ethernet padding) are ignored. */
export function parseArp(bytes: Uint8Array): Result<ArpRepr> {
  if (bytes.length < ARP_PACKET_LEN) return fail('arp', 'truncated packet');
  const p = new ArpPacket(bytes);
  if (p.hardwareLen() !== 6 || p.protocolLen() !== 4) {
    return fail('arp', `unsupported address lengths ${p.hardwareLen()}/${p.protocolLen()}`);
  }
  return ok({
    hardwareType: p.hardwareType(),
    protocolType: p.protocolType(),
    operation: p.operation(),
    senderMac: p.senderMac(),
    senderIp: p.senderIp(),
    targetMac: p.targetMac(),
    targetIp: p.targetIp(),
  });
}

/** Writes all 28 bytes of `repr` into `buf`. */
export function emitArp(repr: ArpRepr, buf: Uint8Array): void {
  const p = new ArpPacket(buf);
  p.setHardwareType(repr.hardwareType);
  p.setProtocolType(repr.protocolType);
  p.setHardwareLen(6);
  p.setProtocolLen(4);
  p.setOperation(repr.operation);
  p.setSenderMac(repr.senderMac);
  p.setSenderIp(repr.senderIp);
  p.setTargetMac(repr.targetMac);
  p.setTargetIp(repr.targetIp);
}

/** An Ethernet/IPv4 ARP repr with the usual hardware and protocol types. */
export function arpRepr(
  operation: number,
  senderMac: MacAddr,
  senderIp: Ipv4Addr,
  targetMac: MacAddr,
  targetIp: Ipv4Addr,
): ArpRepr {
  return {
    hardwareType: ARP_HTYPE_ETHERNET,
    protocolType: ARP_PTYPE_IPV4,
    operation,
    senderMac,
    senderIp,
    targetMac,
    targetIp,
  };
}
