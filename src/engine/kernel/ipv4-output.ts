/**
 * IPv4 output (net/ipv4/ip_output.c): a locally generated datagram gets its route, source
 * address, header (ttl, tos, DF by the socket's PMTU discovery mode, id) and leaves through
 * `ipFinishOutput`, which forwarded packets share: fragmentation to the device MTU, the Ethernet
 * header, then loopback, broadcast or neighbour resolution.
 *
 * PMTU discovery follows the socket modes: `do` sets DF and fails with EMSGSIZE (the caller's
 * "local error") when the datagram exceeds the path MTU; `want` (the default) sets DF on what
 * fits and fragments the rest locally; `dont` never sets DF. The path MTU is the device MTU,
 * lowered by exceptions learnt from ICMP "fragmentation needed" (ipv4-state.ts).
 */
import {
  allocPacket,
  emitIpv4At,
  fillChecksum,
  fragment,
  IPV4_HEADER_LEN,
  IpProtocol,
} from '../wire';
import type { NetDevice } from './device';
import type { Errno } from './errors';
import { formatIpv4, type Ipv4 } from './inet';
import { nfFrame } from './ipv4-netfilter';
import { routeOutput } from './ipv4-route';
import { devXmit, putMac } from './l2';
import { neighOutput } from './neigh';
import type { Netns } from './netns';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

export type PmtuDisc = 'do' | 'dont' | 'want';

export interface IpSendOptions {
  ttl: number;
  tos: number;
  pmtudisc: PmtuDisc;
  /** SO_BINDTODEVICE. */
  oif?: NetDevice;
  /** A bound (or kernel-chosen, for ICMP errors) source address. */
  src?: Ipv4;
}

export type IpSendResult = { ok: true } | { ok: false; errno: Errno; mtu?: number };

const NO_OPTIONS = new Uint8Array(0);
const ETH_LEN = 14;

/**
 * ip_queue_xmit / raw_sendmsg for one datagram: route, build the frame (Ethernet room included,
 * the payload written in place by `emitPayload`) and send it.
 */
export function ipSend(
  w: World,
  ns: Netns,
  dst: Ipv4,
  protocol: number,
  payloadLen: number,
  emitPayload: (buf: Uint8Array) => void,
  opts: IpSendOptions,
  id: number,
): IpSendResult {
  const r = routeOutput(ns, dst, opts.oif, opts.src);
  if (!r.ok) {
    if (w.trace.enabled)
      trace(w, opts.oif ?? ns, id, 'route.lookup', 'drop', `${formatIpv4(dst)}: ${r.errno}`);
    return { ok: false, errno: r.errno };
  }
  const rt = r.value;
  if (w.trace.enabled)
    trace(
      w,
      rt.dev,
      id,
      'route.lookup',
      'pass',
      `${rt.type === 'local' ? 'local ' : rt.type === 'broadcast' ? 'broadcast ' : ''}${formatIpv4(dst)}${rt.nexthop !== dst ? ` via ${formatIpv4(rt.nexthop)}` : ''} dev ${rt.dev.name} src ${formatIpv4(rt.src)}`,
    );
  const total = IPV4_HEADER_LEN + payloadLen;
  if (total > 0xffff) return { ok: false, errno: 'EMSGSIZE', mtu: rt.dev.mtu };
  const mtu = pathMtu(w, ns, rt.type === 'local' ? undefined : dst, rt.dev, rt.route?.mtu?.value);
  let dontFrag = opts.pmtudisc !== 'dont';
  if (total > mtu) {
    if (opts.pmtudisc === 'do') {
      if (w.trace.enabled)
        trace(w, rt.dev, id, 'ip.output', 'drop', `message too long: ${total} > mtu ${mtu}`);
      return { ok: false, errno: 'EMSGSIZE', mtu };
    }
    dontFrag = false;
  }
  const frame = allocPacket(ETH_LEN + total);
  emitPayload(frame.subarray(ETH_LEN + IPV4_HEADER_LEN));
  emitIpv4At(
    {
      tos: opts.tos,
      ident: ns.ipv4.nextIdent(ns),
      dontFrag,
      moreFrags: false,
      fragOffset: 0,
      ttl: opts.ttl,
      protocol,
      src: rt.src,
      dst,
      options: NO_OPTIONS,
      payloadLen,
    },
    frame,
    ETH_LEN,
  );
  if (w.trace.enabled)
    trace(
      w,
      rt.dev,
      id,
      'ip.output',
      'pass',
      `${formatIpv4(rt.src)} > ${formatIpv4(dst)} proto ${protocolName(protocol)} len ${total} ttl ${opts.ttl}${dontFrag ? ' DF' : ''}`,
    );
  if (ns.netfilter.active) {
    const after = nfFrame(w, ns, 'OUTPUT', frame, id, rt.dev, undefined, rt.dev);
    if (after === undefined) return { ok: false, errno: 'EPERM' };
    if (after !== frame) {
      // DNAT in OUTPUT: route again by the new destination (ip_route_me_harder).
      const again = routeOutput(ns, readDst(after));
      if (!again.ok) return { ok: false, errno: again.errno };
      ipFinishOutput(w, again.value.type, again.value.dev, again.value.nexthop, after, id, mtu);
      return { ok: true };
    }
  }
  ipFinishOutput(w, rt.type, rt.dev, rt.nexthop, frame, id, mtu);
  return { ok: true };
}

function readDst(frame: Uint8Array): Ipv4 {
  const at = ETH_LEN + 16;
  return ((frame[at] << 24) | (frame[at + 1] << 16) | (frame[at + 2] << 8) | frame[at + 3]) >>> 0;
}

/**
 * The MTU a datagram to `dst` leaving by `dev` must fit: the route's `mtu` when it has one
 * (ipv4_mtu: it stands in for the device's), else the device's; a learnt smaller PMTU wins.
 */
export function pathMtu(
  w: World,
  ns: Netns,
  dst: Ipv4 | undefined,
  dev: NetDevice,
  routeMtu?: number,
): number {
  const base = routeMtu ?? dev.mtu;
  const learnt = dst === undefined ? undefined : ns.ipv4.pathMtu(dst, w.sched.now);
  return learnt !== undefined && learnt < base ? learnt : base;
}

function protocolName(p: number): string {
  return p === IpProtocol.ICMP
    ? 'icmp'
    : p === IpProtocol.UDP
      ? 'udp'
      : p === IpProtocol.TCP
        ? 'tcp'
        : String(p);
}

/**
 * ip_finish_output: fragment to `mtu` if needed, add the Ethernet source and type, and hand
 * each frame to loopback, broadcast or the neighbour layer. `frame` has 14 bytes of room.
 */
export function ipFinishOutput(
  w: World,
  type: 'unicast' | 'local' | 'broadcast',
  dev: NetDevice,
  nexthop: Ipv4,
  input: Uint8Array,
  id: number,
  mtu: number,
): void {
  let frame = input;
  const ns = dev.netns;
  if (ns.netfilter.active && type !== 'local') {
    const after = nfFrame(w, ns, 'POSTROUTING', frame, id, dev, undefined, dev);
    if (after === undefined) return;
    frame = after;
  }
  if (frame.length - ETH_LEN > mtu) {
    const frags = fragment(frame.subarray(ETH_LEN), mtu);
    if (!frags.ok) {
      traceDrop(w, dev, id, 'network', 'frag_needed', frags.error.reason);
      return;
    }
    if (w.trace.enabled)
      trace(
        w,
        dev,
        id,
        'ip.fragment',
        'consume',
        `${frags.value.length} fragments of at most ${mtu} bytes`,
      );
    for (const f of frags.value) {
      const fid = newPacketId(w);
      const out = new Uint8Array(ETH_LEN + f.length);
      out.set(f, ETH_LEN);
      trace(w, dev, fid, 'ip.fragment', 'emit', `${f.length} bytes`, id);
      linkOutput(w, type, dev, nexthop, out, fid);
    }
    return;
  }
  linkOutput(w, type, dev, nexthop, frame, id);
}

function linkOutput(
  w: World,
  type: 'unicast' | 'local' | 'broadcast',
  dev: NetDevice,
  nexthop: Ipv4,
  frame: Uint8Array,
  id: number,
): void {
  putMac(frame, 6, dev.mac);
  frame[12] = 0x08;
  frame[13] = 0x00;
  if (dev.linkType === 'none') {
    // No link-layer header (tun: header_ops NULL): neigh_direct_output, never ARP.
    devXmit(w, dev, frame, id);
    return;
  }
  if (type === 'local' || dev.kind === 'loopback') {
    putMac(frame, 0, 0);
    devXmit(w, dev, frame, id);
    return;
  }
  if (type === 'broadcast') {
    putMac(frame, 0, 0xffffffffffff);
    devXmit(w, dev, frame, id);
    return;
  }
  neighOutput(w, dev, nexthop, frame, id);
}

/** Decrement the TTL of the datagram at `frame[14..]` and refresh its header checksum. */
export function decrementTtl(frame: Uint8Array): void {
  frame[ETH_LEN + 8]--;
  const hl = (frame[ETH_LEN] & 0x0f) * 4;
  fillChecksum(frame, ETH_LEN + 10, ETH_LEN, ETH_LEN + hl);
}
