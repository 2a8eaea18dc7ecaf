/**
 * ICMP in the kernel (net/ipv4/icmp.c): echo replies (icmp_echo_ignore_all=0,
 * icmp_echo_ignore_broadcasts=1), errors sent for others' packets (`__icmp_send`: never about an
 * ICMP error, a non-first fragment, or a broadcast/multicast; source = the offending packet's
 * destination when it was for us, else the address the route back to the sender selects; quote as
 * much as fits in 576 bytes; TOS 0xc0; TTL 64), and errors received: the path MTU is learnt from
 * "fragmentation needed" (never below 552, ip_rt_min_pmtu) and the error goes to the ICMP sockets
 * whose echo it quotes (icmp-socket.ts).
 *
 * Left out: rate limiting (icmp_ratelimit, icmp_msgs_per_sec: every error is sent), redirects,
 * timestamps, icmp_errors_use_inbound_ifaddr=1.
 */

import {
  emitIcmp,
  type IcmpRepr,
  IcmpType,
  IpProtocol,
  icmpBufferLen,
  icmpQuote,
  parseIcmp,
} from '../wire';
import { partialDatagram, partialOf } from './csum-partial';
import type { NetDevice } from './device';
import { icmpSocketsDeliver } from './icmp-socket';
import { formatIpv4, type Ipv4 } from './inet';
import { ipSend } from './ipv4-output';
import { isLocalAddr, routeOutput } from './ipv4-route';
import { PMTU_EXPIRES_US } from './ipv4-state';
import { readU32 as u32 } from './l2';
import type { Netns } from './netns';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

/** ip_rt_min_pmtu. */
export const MIN_PMTU = 552;

const ERROR_TYPES = new Set<number>([3, 4, 5, 11, 12]);

function icmpSummary(r: IcmpRepr): string {
  switch (r.kind) {
    case 'echoRequest':
    case 'echoReply':
      return `${r.kind === 'echoRequest' ? 'echo request' : 'echo reply'} id ${r.id} seq ${r.seq}`;
    case 'destUnreachable':
      return `unreachable code ${r.code}${r.code === 4 ? ` mtu ${r.nextHopMtu}` : ''}`;
    case 'timeExceeded':
      return `time exceeded code ${r.code}`;
    default:
      return `type ${r.type} code ${r.code}`;
  }
}

/** icmp_rcv: an ICMP datagram (the whole IP datagram) delivered locally. */
export function icmpRcv(
  w: World,
  dev: NetDevice,
  datagram: Uint8Array,
  id: number,
  bcast: boolean,
): void {
  const ns = dev.netns;
  const hl = (datagram[0] & 0x0f) * 4;
  const parsed = parseIcmp(datagram.subarray(hl));
  if (!parsed.ok) {
    traceDrop(w, dev, id, 'transport', 'icmp_csum', parsed.error.reason);
    return;
  }
  const icmp = parsed.value;
  const src = u32(datagram, 12);
  const dst = u32(datagram, 16);
  if (w.trace.enabled)
    trace(w, dev, id, 'icmp.rcv', 'pass', `${icmpSummary(icmp)} from ${formatIpv4(src)}`);
  if (icmp.kind === 'destUnreachable' && icmp.code === 4 && icmp.data.length >= 20) {
    const inner = u32(icmp.data, 16);
    const mtu = Math.max(icmp.nextHopMtu, MIN_PMTU);
    ns.ipv4.pmtu.set(inner, { mtu, expires: w.sched.now + PMTU_EXPIRES_US });
    if (w.trace.enabled) trace(w, dev, id, 'route.pmtu', 'pass', `${formatIpv4(inner)} mtu ${mtu}`);
  }
  icmpSocketsDeliver(w, ns, datagram, icmp, id);
  if (icmp.kind !== 'echoRequest') return;
  const sysctl = ns.sysctl;
  if (
    sysctl.get('net.ipv4.icmp_echo_ignore_all') === '1' ||
    (bcast && sysctl.get('net.ipv4.icmp_echo_ignore_broadcasts') !== '0')
  ) {
    trace(w, dev, id, 'icmp.reply', 'drop', 'echo ignored (sysctl)');
    return;
  }
  const reply: IcmpRepr = { kind: 'echoReply', id: icmp.id, seq: icmp.seq, data: icmp.data };
  const rid = newPacketId(w);
  if (w.trace.enabled)
    trace(
      w,
      dev,
      rid,
      'icmp.reply',
      'emit',
      `echo reply id ${icmp.id} seq ${icmp.seq} to ${formatIpv4(src)}`,
      id,
    );
  icmpXmit(w, ns, src, reply, datagram[1], bcast ? undefined : dst, rid);
}

/** Send an ICMP message from the kernel's ICMP socket (TTL ip_default_ttl, never DF). */
function icmpXmit(
  w: World,
  ns: Netns,
  dst: Ipv4,
  repr: IcmpRepr,
  tos: number,
  src: Ipv4 | undefined,
  id: number,
): void {
  const opts = { ttl: defaultTtl(ns), tos, pmtudisc: 'dont' as const, src };
  const r = ipSend(
    w,
    ns,
    dst,
    IpProtocol.ICMP,
    icmpBufferLen(repr),
    (buf) => emitIcmp(repr, buf),
    opts,
    id,
  );
  if (!r.ok) traceDrop(w, ns, id, 'network', 'ip_noroute', r.errno);
}

/** net.ipv4.ip_default_ttl. */
export function defaultTtl(ns: Netns): number {
  return ns.defaultTtl;
}

/**
 * __icmp_send: tell the sender of `offending` (an IP datagram) about a problem. `info` is the
 * next-hop MTU for "fragmentation needed".
 */
export function icmpSendError(
  w: World,
  ns: Netns,
  offending: Uint8Array,
  type: number,
  code: number,
  info: number,
  parent: number,
  _inDev?: NetDevice,
): void {
  if (offending.length < 20) return;
  const hl = (offending[0] & 0x0f) * 4;
  const src = u32(offending, 12);
  const dst = u32(offending, 16);
  const fragOffset = ((offending[6] << 8) | offending[7]) & 0x1fff;
  if (fragOffset !== 0) return;
  if (
    src === 0 ||
    src === 0xffffffff ||
    src >>> 28 === 0xe ||
    dst === 0xffffffff ||
    dst >>> 28 === 0xe
  )
    return;
  if (offending[9] === IpProtocol.ICMP && offending.length > hl && ERROR_TYPES.has(offending[hl]))
    return;
  const back = routeOutput(ns, src);
  const toLoopback = back.ok && back.value.dev.kind === 'loopback';
  if (!ns.icmpRate.allow(src, type, w.sched.now, toLoopback)) {
    if (w.trace.enabled)
      trace(
        w,
        ns,
        parent,
        'icmp.error',
        'drop',
        `rate limited: type ${type} to ${formatIpv4(src)}`,
      );
    return;
  }
  // The quote copies the bytes as they are: a checksum left to the device is still partial.
  const quoted = icmpQuote(
    partialOf(w, parent) === 'outer' ? partialDatagram(offending) : offending,
  );
  const repr: IcmpRepr =
    type === IcmpType.TimeExceeded
      ? { kind: 'timeExceeded', code, data: quoted }
      : { kind: 'destUnreachable', code, nextHopMtu: info, data: quoted };
  const id = newPacketId(w);
  if (w.trace.enabled)
    trace(
      w,
      ns,
      id,
      'icmp.error',
      'emit',
      `${icmpSummary(repr)} to ${formatIpv4(src)} about ${formatIpv4(dst)}`,
      parent,
    );
  const saddr: Ipv4 | undefined = isLocalAddr(ns, dst) ? dst : undefined;
  icmpXmit(w, ns, src, repr, (offending[1] & 0x1e) | 0xc0, saddr, id);
}

/** dst_link_failure → ipv4_link_failure: the neighbour of `offending`'s next hop never answered. */
export function icmpLinkFailure(w: World, ns: Netns, offending: Uint8Array, parent: number): void {
  icmpSendError(w, ns, offending, IcmpType.DestUnreachable, 1, 0, parent);
}
