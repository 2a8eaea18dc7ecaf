/**
 * What netfilter reads from an IPv4 packet, parsed once per hook call: addresses, protocol,
 * ports (or ICMP type/code/id), TCP flags, and for ICMP errors the quoted inner packet's tuple.
 * Reads go straight to the bytes (no repr allocation); a malformed packet is `undefined` and the
 * hooks drop it, as the kernel's `ip_rcv_core` would have.
 *
 * Left out: IP options (skipped via IHL), and ports of non-first fragments (the kernel
 * reassembles before conntrack; the packet path hands whole datagrams to the hooks).
 */
import { IcmpType, IPV4_FIELD, IpProtocol } from '../../wire';
import type { Ipv4 } from '../inet';

/** ICMP types that are errors quoting another packet (RFC 792). */
export function icmpIsError(type: number): boolean {
  return (
    type === IcmpType.DestUnreachable ||
    type === IcmpType.TimeExceeded ||
    type === IcmpType.ParameterProblem ||
    type === IcmpType.Redirect ||
    type === 4 // source quench
  );
}

/** The request types conntrack tracks, and the reply type each expects. */
export const ICMP_REPLY_OF: Readonly<Record<number, number>> = { 8: 0, 13: 14, 15: 16, 17: 18 };

export interface PktInfo {
  /** Header length (IHL * 4) and total length from the IP header. */
  ihl: number;
  len: number;
  proto: number;
  src: Ipv4;
  dst: Ipv4;
  /** True for a fragment other than the first (no transport header). */
  laterFragment: boolean;
  /** TCP/UDP ports; for ICMP echo-like messages both are the id. 0 when absent. */
  sport: number;
  dport: number;
  /** ICMP type and code (-1 when not ICMP). */
  icmpType: number;
  icmpCode: number;
  tcpFlags: number;
  /** Bytes after the transport header (TCP/UDP/ICMP), for REJECT's ack number. */
  l4PayloadLen: number;
  /** For an ICMP error: the quoted packet (offset in the outer packet and its tuple). */
  inner?: PktInfo & { offset: number };
}

/** Big-endian 16-bit read. */
export function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

/** Big-endian 32-bit read. */
export function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/**
 * Parses the header fields netfilter needs from `b` starting at `off`. With `quoted` the
 * packet is an ICMP error's inner datagram: its total length may exceed the bytes present and
 * only the first 8 transport bytes are required.
 */
export function pktInfo(b: Uint8Array, off = 0, quoted = false): PktInfo | undefined {
  if (b.length - off < 20 || b[off] >> 4 !== 4) return undefined;
  const ihl = (b[off] & 0x0f) * 4;
  const len = u16(b, off + IPV4_FIELD.LENGTH);
  if (ihl < 20 || b.length - off < ihl) return undefined;
  if (!quoted && (len < ihl || len > b.length - off)) return undefined;
  const end = quoted ? b.length : off + len;
  const proto = b[off + IPV4_FIELD.PROTOCOL];
  const flagsFrag = u16(b, off + IPV4_FIELD.FLAGS_FRAG);
  const info: PktInfo = {
    ihl,
    len,
    proto,
    src: u32(b, off + IPV4_FIELD.SRC),
    dst: u32(b, off + IPV4_FIELD.DST),
    laterFragment: (flagsFrag & 0x1fff) !== 0,
    sport: 0,
    dport: 0,
    icmpType: -1,
    icmpCode: -1,
    tcpFlags: 0,
    l4PayloadLen: 0,
  };
  if (info.laterFragment) return info;
  const l4 = off + ihl;
  const avail = end - l4;
  if (proto === IpProtocol.TCP || proto === IpProtocol.UDP) {
    if (avail < (quoted ? 8 : proto === IpProtocol.TCP ? 20 : 8)) return undefined;
    info.sport = u16(b, l4);
    info.dport = u16(b, l4 + 2);
    if (proto === IpProtocol.TCP && !quoted) {
      const doff = (b[l4 + 12] >> 4) * 4;
      if (doff < 20 || doff > avail) return undefined;
      info.tcpFlags = u16(b, l4 + 12) & 0x0fff;
      info.l4PayloadLen = avail - doff;
    } else if (proto === IpProtocol.UDP) {
      info.l4PayloadLen = avail - 8;
    }
  } else if (proto === IpProtocol.ICMP) {
    if (avail < 8) return undefined;
    info.icmpType = b[l4];
    info.icmpCode = b[l4 + 1];
    if (info.icmpType in ICMP_REPLY_OF || isIcmpReplyType(info.icmpType)) {
      info.sport = u16(b, l4 + 4);
      info.dport = info.sport;
    }
    info.l4PayloadLen = avail - 8;
    if (!quoted && icmpIsError(info.icmpType)) {
      const inner = pktInfo(b, l4 + 8, true);
      if (inner) info.inner = { ...inner, offset: l4 + 8 };
    }
  }
  return info;
}

function isIcmpReplyType(type: number): boolean {
  return type === 0 || type === 14 || type === 16 || type === 18;
}
