/**
 * The REJECT target's replies (net/ipv4/netfilter/nf_reject_ipv4.c, net/ipv4/icmp.c):
 *
 * - ICMP destination unreachable with the chosen code, quoting as much of the rejected packet
 *   as fits in 576 bytes; not sent for ICMP errors, non-first fragments, or packets to
 *   broadcast/multicast addresses (icmp_send's rules). TOS 0xc0, TTL 64, no DF, a fresh IP id.
 * - TCP RST (`tcp-reset`): not for RSTs or fragments; seq = the segment's ack when it had ACK,
 *   else an RST+ACK acknowledging SYN/FIN/payload; IP id 0, DF, TTL 64, TOS 0.
 *
 * The reply is returned to the caller, which routes and sends it as a locally generated
 * packet (it traverses OUTPUT/POSTROUTING like any other).
 */
import {
  emitIcmp,
  emitIpv4,
  emitTcp,
  IPV4_HEADER_LEN,
  IpProtocol,
  icmpQuote,
  TCP_HEADER_LEN,
  TcpFlag,
  TcpPacket,
  UnreachableCode,
} from '../../wire';
import type { Ipv4 } from '../inet';
import { icmpIsError, type PktInfo } from './packet';
import type { RejectWith } from './rule';

const REJECT_CODE: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': UnreachableCode.Net,
  'icmp-host-unreachable': UnreachableCode.Host,
  'icmp-proto-unreachable': UnreachableCode.Protocol,
  'icmp-port-unreachable': UnreachableCode.Port,
  'icmp-net-prohibited': UnreachableCode.NetProhibited,
  'icmp-host-prohibited': UnreachableCode.HostProhibited,
  'icmp-admin-prohibited': UnreachableCode.AdminProhibited,
};

/** Default TTL of locally generated packets (net.ipv4.ip_default_ttl). */
const DEFAULT_TTL = 64;
/** IPTOS_PREC_INTERNETCONTROL: icmp_send's TOS for errors. */
const TOS_INTERNETCONTROL = 0xc0;

/** Builds REJECT's reply to `pkt`, or undefined when none may be sent. */
export function rejectReply(
  pkt: Uint8Array,
  p: PktInfo,
  how: RejectWith,
  icmpSource: Ipv4,
  ipId: () => number,
): Uint8Array | undefined {
  if (p.laterFragment) return undefined;
  if (how === 'tcp-reset') return tcpReset(pkt, p);
  if (p.proto === IpProtocol.ICMP && icmpIsError(p.icmpType)) return undefined;
  if (p.dst === 0xffffffff || p.dst >>> 28 === 0xe || p.src === 0 || p.src >>> 28 === 0xe)
    return undefined;
  const quote = icmpQuote(pkt.subarray(0, p.len));
  const icmpLen = 8 + quote.length;
  const out = new Uint8Array(IPV4_HEADER_LEN + icmpLen);
  emitIcmp(
    { kind: 'destUnreachable', code: REJECT_CODE[how], nextHopMtu: 0, data: quote },
    out.subarray(IPV4_HEADER_LEN),
  );
  emitIpv4(
    {
      tos: TOS_INTERNETCONTROL,
      ident: ipId(),
      dontFrag: false,
      moreFrags: false,
      fragOffset: 0,
      ttl: DEFAULT_TTL,
      protocol: IpProtocol.ICMP,
      src: icmpSource,
      dst: p.src,
      options: new Uint8Array(0),
      payloadLen: icmpLen,
    },
    out,
  );
  return out;
}

function tcpReset(pkt: Uint8Array, p: PktInfo): Uint8Array | undefined {
  if (p.proto !== IpProtocol.TCP || p.tcpFlags & TcpFlag.RST) return undefined;
  if (p.dst === 0xffffffff || p.dst >>> 28 === 0xe) return undefined;
  const tcp = new TcpPacket(pkt.subarray(p.ihl, p.len));
  const hasAck = (p.tcpFlags & TcpFlag.ACK) !== 0;
  const syn = p.tcpFlags & TcpFlag.SYN ? 1 : 0;
  const fin = p.tcpFlags & TcpFlag.FIN ? 1 : 0;
  const out = new Uint8Array(IPV4_HEADER_LEN + TCP_HEADER_LEN);
  emitTcp(
    {
      srcPort: p.dport,
      dstPort: p.sport,
      seq: hasAck ? tcp.ack() : 0,
      ack: hasAck ? 0 : (tcp.seq() + syn + fin + p.l4PayloadLen) >>> 0,
      flags: hasAck ? TcpFlag.RST : TcpFlag.RST | TcpFlag.ACK,
      window: 0,
      urgent: 0,
      options: [],
      payloadLen: 0,
    },
    out.subarray(IPV4_HEADER_LEN),
    p.dst,
    p.src,
  );
  emitIpv4(
    {
      tos: 0,
      ident: 0,
      dontFrag: true,
      moreFrags: false,
      fragOffset: 0,
      ttl: DEFAULT_TTL,
      protocol: IpProtocol.TCP,
      src: p.dst,
      dst: p.src,
      options: new Uint8Array(0),
      payloadLen: TCP_HEADER_LEN,
    },
    out,
  );
  return out;
}
