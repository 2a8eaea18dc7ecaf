/**
 * IPv4 input (net/ipv4/ip_input.c): header and checksum validation (`ip_rcv_core`), the input
 * route (`ip_route_input`), local delivery with reassembly (`ip_local_deliver`) to ICMP, UDP
 * (udp-socket.ts: sockets, tunnels, else a port unreachable) or TCP (tcp-input.ts); everything else is forwarded (forward.ts) when
 * `ip_forward` is 1 and silently dropped otherwise (`ip_error` without forwarding sends nothing).
 *
 * Left out: IP options processing, multicast routing, rp_filter,
 * reassembly timeouts (expired queues are discarded lazily, without "time exceeded").
 */

import { IpProtocol, type Ipv4Repr, parseIpv4At } from '../wire';
import { clearPartial } from './csum-partial';
import type { NetDevice } from './device';
import { ipForward } from './forward';
import { icmpRcv, icmpSendError } from './icmp';
import { formatIpv4, type Ipv4 } from './inet';
import { nfFrame } from './ipv4-netfilter';
import { routeInput } from './ipv4-route';
import type { PacketType } from './l2';
import type { Netns } from './netns';
import { rpFilterMode } from './procfs';
import { tcpRcv } from './tcp-input';
import { trace, traceDrop } from './trace';
import { udpRcv } from './udp-socket';
import type { World } from './world';

const ETH_LEN = 14;

/** ip_rcv: an IPv4 frame received on `dev`. */
export function ipRcv(
  w: World,
  dev: NetDevice,
  frame: Uint8Array,
  id: number,
  pkt: PacketType,
): void {
  const ns = dev.netns;
  if (pkt === 'otherhost') {
    traceDrop(w, dev, id, 'network', 'otherhost');
    return;
  }
  const parsed = parseIpv4At(frame, ETH_LEN);
  if (!parsed.ok) {
    const csum = parsed.error.reason.includes('checksum');
    traceDrop(w, dev, id, 'network', csum ? 'ip_csum' : 'ip_hdr', parsed.error.reason);
    return;
  }
  const ip = parsed.value;
  const len = 20 + ip.options.length + ip.payloadLen;
  if (w.trace.enabled)
    trace(
      w,
      dev,
      id,
      'ip.rcv',
      'pass',
      `${formatIpv4(ip.src)} > ${formatIpv4(ip.dst)} ttl ${ip.ttl} len ${len}`,
    );
  if ((ip.src >>> 24 === 127 && dev.kind !== 'loopback') || ip.src >>> 28 === 0xe) {
    traceDrop(w, dev, id, 'network', 'ip_inaddr_errors', 'martian source');
    return;
  }
  if (ip.dst === 0xffffffff) {
    ipLocalDeliver(w, dev, frame.subarray(ETH_LEN, ETH_LEN + len), id, true);
    return;
  }
  if (ns.netfilter.active) {
    const after = nfFrame(w, ns, 'PREROUTING', frame, id, dev, dev);
    if (after === undefined) return;
    if (after !== frame) {
      // DNAT or un-NAT rewrote the packet: route it by its new destination.
      const again = parseIpv4At(after, ETH_LEN);
      if (!again.ok) return;
      ipRoute(w, dev, after, again.value, id, pkt);
      return;
    }
  }
  ipRoute(w, dev, frame, ip, id, pkt);
}

/** ip_rcv_finish: the input route decides local delivery, forwarding, or an error. */
function ipRoute(
  w: World,
  dev: NetDevice,
  frame: Uint8Array,
  ip: Ipv4Repr,
  id: number,
  pkt: PacketType,
): void {
  const ns = dev.netns;
  if (ip.dst >>> 28 === 0xe) {
    traceDrop(w, dev, id, 'network', 'not_implemented', 'multicast');
    return;
  }
  const rt = routeInput(ns, ip.dst);
  if (rt && (rt.type === 'local' || rt.type === 'unicast') && !reversePathOk(ns, dev, ip.src)) {
    traceDrop(
      w,
      dev,
      id,
      'network',
      'rp_filter',
      `no route back to ${formatIpv4(ip.src)} via ${dev.name}`,
    );
    return;
  }
  if (rt?.type === 'local') {
    ipLocalDeliver(w, dev, datagramOf(frame, ip), id, false);
    return;
  }
  if (rt?.type === 'broadcast') {
    ipLocalDeliver(w, dev, datagramOf(frame, ip), id, true);
    return;
  }
  if (!ns.ipForward) {
    traceDrop(w, dev, id, 'network', 'ip_inaddr_errors', 'not for us and forwarding is off');
    return;
  }
  if (pkt !== 'host') {
    traceDrop(w, dev, id, 'network', 'otherhost', 'link-layer broadcast not forwarded');
    return;
  }
  if (!rt?.dev || rt.type !== 'unicast') {
    const code = rt?.type === 'prohibit' ? 13 : rt ? 1 : 0;
    if (rt?.type !== 'blackhole' && ns.icmpRate.allowIpError(ip.src, w.sched.now)) {
      icmpSendError(w, ns, datagramOf(frame, ip), 3, code, 0, id);
    }
    traceDrop(w, dev, id, 'network', 'ip_noroute', formatIpv4(ip.dst));
    return;
  }
  ipForward(w, dev, frame, ip, rt, id);
}

/** The IP datagram in a frame (made only where the path needs it, not for every forward). */
function datagramOf(frame: Uint8Array, ip: Ipv4Repr): Uint8Array {
  return frame.subarray(ETH_LEN, ETH_LEN + 20 + ip.options.length + ip.payloadLen);
}

/**
 * fib_validate_source with rp_filter (the larger of conf.all and conf.DEV): 1 = strict, the
 * route back to the source must leave by the receiving device; 2 = loose, any route back will
 * do; 0 = no check. Loopback and a 0.0.0.0 source are exempt.
 */
function reversePathOk(ns: Netns, dev: NetDevice, src: Ipv4): boolean {
  if (dev.kind === 'loopback' || src === 0) return true;
  const mode = rpFilterMode(ns, dev);
  if (mode === 0) return true;
  const back = ns.fib.lookup(src);
  if (!back || (back.type !== 'unicast' && back.type !== 'local')) return false;
  return mode === 2 || back.dev === dev;
}

/** ip_local_deliver: reassemble, then hand the datagram to its protocol. */
function ipLocalDeliver(
  w: World,
  dev: NetDevice,
  datagram: Uint8Array,
  id: number,
  bcast: boolean,
): void {
  const ns = dev.netns;
  let whole = datagram;
  const flags = (datagram[6] << 8) | datagram[7];
  if ((flags & 0x3fff) !== 0) {
    const r = ns.ipv4.reasm.push(datagram, w.sched.now);
    if (!r.ok) {
      traceDrop(w, dev, id, 'network', 'frag_reasm', r.error.reason);
      return;
    }
    if (r.value === undefined) {
      trace(w, dev, id, 'ip.defrag', 'consume', 'waiting for more fragments');
      return;
    }
    whole = r.value;
    if (w.trace.enabled)
      trace(w, dev, id, 'ip.defrag', 'pass', `reassembled ${whole.length} bytes`);
  }
  if (ns.netfilter.active && !bcast) {
    const framed = new Uint8Array(ETH_LEN + whole.length);
    framed.set(whole, ETH_LEN);
    const after = nfFrame(w, ns, 'INPUT', framed, id, dev, dev);
    if (after === undefined) return;
    whole = after.subarray(ETH_LEN);
  }
  trace(w, dev, id, 'ip.local_deliver', 'pass', bcast ? 'broadcast' : 'unicast');
  transportRcv(w, dev, whole, id, bcast);
  // The packet ends here (a socket took it, or an ICMP error quoted it): its partial checksum
  // mark is no longer needed (csum-partial.ts).
  if (w.csumPartial.size > 0) clearPartial(w, id);
}

function transportRcv(
  w: World,
  dev: NetDevice,
  whole: Uint8Array,
  id: number,
  bcast: boolean,
): void {
  const protocol = whole[9];
  if (protocol === IpProtocol.ICMP) icmpRcv(w, dev, whole, id, bcast);
  else if (protocol === IpProtocol.UDP) udpRcv(w, dev, whole, id, bcast);
  else if (protocol === IpProtocol.TCP && !bcast) tcpRcv(w, dev, whole, id);
  else traceDrop(w, dev, id, 'transport', 'no_socket', `protocol ${protocol}`);
}
