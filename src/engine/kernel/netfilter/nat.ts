/**
 * NAT (net/netfilter/nf_nat_core.c, nf_nat_proto.c, nf_nat_masquerade.c): the binding a
 * connection gets from the nat table on its first packet, and the rewrite of every packet of
 * the connection in both directions, ICMP errors included (their quoted packet is rewritten
 * the opposite way, `nf_nat_icmp_reply_translation`).
 *
 * A binding keeps the port (or ICMP id) when the resulting reply tuple is free and inside the
 * requested range, as get_unique_tuple does; otherwise it searches from a random offset in
 * the range (1-511, 600-1023 or 1024-65535 for ports by the original port, 0-65535 for ids),
 * with the machine's seeded random stream.
 *
 * Checksums: the IP header and the transport checksum are recomputed over the rewritten
 * packet; inside an ICMP error's quote, whose payload may be cut, the quoted checksums are
 * updated incrementally (RFC 1624) as the kernel's inet_proto_csum_replace does.
 */
import {
  checksumOf,
  dataSum,
  IcmpPacket,
  IPV4_FIELD,
  IpProtocol,
  Ipv4Packet,
  TcpPacket,
  UdpPacket,
} from '../../wire';
import type { Ipv4 } from '../inet';
import type { Netns } from '../netns';
import {
  applyManip,
  type Conn,
  type Conntrack,
  CtStatus,
  type Dir,
  invertTuple,
  type Manip,
  manipApplies,
  manipTarget,
} from './conntrack';
import { type PktInfo, u16, u32 } from './packet';
import type { NatRange } from './rule';

/** Where in the TCP/UDP header the checksum lives. */
const TCP_CSUM = 16;
const UDP_CSUM = 6;
const ICMP_CSUM = 2;

/**
 * Sets up the `manip` half of a new connection's binding from a NAT target (or a null
 * binding when `range` is undefined). `masqAddr` is the out device's address for MASQUERADE.
 * Returns false when no free tuple exists (the packet is dropped, as NF_DROP).
 */
export function natSetup(
  ns: Netns,
  ct: Conntrack,
  c: Conn,
  manip: Manip,
  range: NatRange | undefined,
  masqAddr?: Ipv4,
): boolean {
  c.status |= manip === 'src' ? CtStatus.SRC_NAT_DONE : CtStatus.DST_NAT_DONE;
  if (!range && masqAddr === undefined) return true;
  // The tuple the original direction will have after this rewrite.
  const cur = invertTuple(c.reply);
  const addr =
    masqAddr ??
    pickAddr(range?.addrLo as Ipv4, range?.addrHi ?? (range?.addrLo as Ipv4), c.orig.src);
  const hasPorts = c.orig.proto === IpProtocol.TCP || c.orig.proto === IpProtocol.UDP;
  const isIcmp = c.orig.proto === IpProtocol.ICMP;
  const curPort = manip === 'src' ? cur.sport : cur.dport;
  let cand = applyManip(cur, { addr, port: curPort }, manip);
  const specified = range?.portLo !== undefined && (hasPorts || isIcmp);
  const lo = range?.portLo ?? 0;
  const hi = range?.portHi ?? lo;
  const inRange = !specified || (curPort >= lo && curPort <= hi);
  if (!inRange || ct.replyTaken(invertTuple(cand), c)) {
    if (!hasPorts && !isIcmp) return false;
    // A DNAT without a port range keeps the port (and fails on a clash).
    if (manip === 'dst' && !specified) return false;
    let min: number;
    let size: number;
    if (specified) {
      min = lo;
      size = hi - lo + 1;
    } else if (isIcmp) {
      min = 0;
      size = 65536;
    } else if (curPort < 512) {
      min = 1;
      size = 511;
    } else if (curPort < 1024) {
      min = 600;
      size = 424;
    } else {
      min = 1024;
      size = 64512;
    }
    let off = ns.machine.rng.below(0x10000);
    let found = false;
    for (let i = 0; i < Math.min(size, 128 * 4); i++, off++) {
      cand = applyManip(cur, { addr, port: min + (off % size) }, manip);
      if (!ct.replyTaken(invertTuple(cand), c)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  const next = invertTuple(cand);
  const changed =
    next.src !== c.reply.src ||
    next.dst !== c.reply.dst ||
    next.sport !== c.reply.sport ||
    next.dport !== c.reply.dport;
  if (changed) {
    c.reply = next;
    c.status |= manip === 'src' ? CtStatus.SRC_NAT : CtStatus.DST_NAT;
    ct.reindex(c);
  }
  return true;
}

/** Deterministic choice in an address range (the kernel hashes the source address). */
function pickAddr(lo: Ipv4, hi: Ipv4, src: Ipv4): Ipv4 {
  if (hi <= lo) return lo;
  return (lo + (src % (hi - lo + 1))) >>> 0;
}

/**
 * Applies the connection's `manip` rewrite to a packet of direction `dir` (nf_nat_packet).
 * Returns the packet unchanged when the rewrite does not apply, else a rewritten copy.
 */
export function natPacket(
  pkt: Uint8Array,
  p: PktInfo,
  c: Conn,
  dir: Dir,
  manip: Manip,
  related: boolean,
): Uint8Array {
  if (!manipApplies(c, dir, manip)) return pkt;
  const t = manipTarget(c, dir, manip);
  const out = pkt.slice();
  const ip = new Ipv4Packet(out.subarray(0, p.len));
  if (related && p.inner) {
    rewriteRelated(out, p, manip, t.addr, t.port);
  } else {
    if (manip === 'dst') ip.setDst(t.addr);
    else ip.setSrc(t.addr);
    if (!p.laterFragment) rewriteL4(out, p, manip, t.port);
  }
  ip.fillChecksum();
  return out;
}

/** Ports (or the echo id) and the transport checksum of a whole packet. */
function rewriteL4(out: Uint8Array, p: PktInfo, manip: Manip, port: number): void {
  const l4 = out.subarray(p.ihl, p.len);
  const src = u32(out, IPV4_FIELD.SRC);
  const dst = u32(out, IPV4_FIELD.DST);
  if (p.proto === IpProtocol.TCP) {
    const tcp = new TcpPacket(l4);
    if (manip === 'dst') tcp.setDstPort(port);
    else tcp.setSrcPort(port);
    tcp.fillChecksum(src, dst);
  } else if (p.proto === IpProtocol.UDP) {
    const udp = new UdpPacket(l4);
    if (manip === 'dst') udp.setDstPort(port);
    else udp.setSrcPort(port);
    if (udp.checksum() !== 0) udp.fillChecksum(src, dst);
  } else if (p.proto === IpProtocol.ICMP && p.icmpType >= 0 && p.sport === p.dport) {
    const icmp = new IcmpPacket(l4);
    if (icmp.echoId() !== port && isEchoLike(p.icmpType)) {
      icmp.setEchoId(port);
      icmp.fillChecksum();
    }
  }
}

function isEchoLike(type: number): boolean {
  return type === 0 || type === 8 || (type >= 13 && type <= 18);
}

/**
 * An ICMP error of a NATed connection: the outer header gets the rewrite, the quoted packet
 * (which travelled the other way) the opposite one with the same values.
 */
function rewriteRelated(out: Uint8Array, p: PktInfo, manip: Manip, addr: Ipv4, port: number): void {
  const inner = p.inner as NonNullable<PktInfo['inner']>;
  const ip = new Ipv4Packet(out);
  if (manip === 'dst') ip.setDst(addr);
  else ip.setSrc(addr);
  const io = inner.offset;
  // The quoted header: source for a destination rewrite and vice versa.
  const addrAt = io + (manip === 'dst' ? IPV4_FIELD.SRC : IPV4_FIELD.DST);
  const oldAddr = u32(out, addrAt);
  setU32(out, addrAt, addr);
  const innerIp = new Ipv4Packet(out.subarray(io, io + inner.ihl));
  innerIp.fillChecksum();
  const l4 = io + inner.ihl;
  const avail = out.length - l4;
  if (!inner.laterFragment && (inner.proto === IpProtocol.TCP || inner.proto === IpProtocol.UDP)) {
    const portAt = l4 + (manip === 'dst' ? 0 : 2);
    const oldPort = u16(out, portAt);
    setU16(out, portAt, port);
    const csumAt = l4 + (inner.proto === IpProtocol.TCP ? TCP_CSUM : UDP_CSUM);
    if (csumAt + 2 <= l4 + avail && !(inner.proto === IpProtocol.UDP && u16(out, csumAt) === 0)) {
      let cs = u16(out, csumAt);
      cs = csumReplace(cs, oldAddr >>> 16, addr >>> 16);
      cs = csumReplace(cs, oldAddr & 0xffff, addr & 0xffff);
      cs = csumReplace(cs, oldPort, port);
      setU16(out, csumAt, cs);
    }
  } else if (inner.proto === IpProtocol.ICMP && isEchoLike(inner.icmpType) && avail >= 8) {
    const oldId = u16(out, l4 + 4);
    if (oldId !== port) {
      setU16(out, l4 + 4, port);
      setU16(out, l4 + ICMP_CSUM, csumReplace(u16(out, l4 + ICMP_CSUM), oldId, port));
    }
  }
  // The outer ICMP checksum covers the quote: recompute it over the whole message.
  const icmp = out.subarray(p.ihl, p.len);
  icmp[ICMP_CSUM] = 0;
  icmp[ICMP_CSUM + 1] = 0;
  const sum = checksumOf(dataSum(icmp));
  icmp[ICMP_CSUM] = sum >>> 8;
  icmp[ICMP_CSUM + 1] = sum & 0xff;
}

/** RFC 1624 eqn. 3: the checksum after one 16-bit word changed from `from` to `to`. */
export function csumReplace(csum: number, from: number, to: number): number {
  return checksumOf((~csum & 0xffff) + (~from & 0xffff) + to);
}

function setU16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function setU32(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
