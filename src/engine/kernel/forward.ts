/**
 * IPv4 forwarding (net/ipv4/ip_forward.c): TTL check (ICMP time exceeded at TTL 1, from the
 * address the kernel picks to reach the sender), DF and too big for the next hop (ICMP
 * fragmentation needed with its MTU), TTL decrement with a fresh header checksum, then output
 * to the route's device. The frame is copied first (the kernel's skb_cow): a flooded frame may
 * be shared by several receivers.
 *
 * Left out: ICMP redirects (send_redirects), ICMP rate limiting.
 */
import { allocPacket, type Ipv4Repr } from '../wire';
import type { NetDevice } from './device';
import type { Route } from './fib';
import { icmpSendError } from './icmp';
import { formatIpv4 } from './inet';
import { nfFrame } from './ipv4-netfilter';
import { decrementTtl, ipFinishOutput } from './ipv4-output';
import { trace, traceDrop } from './trace';
import type { World } from './world';

const ETH_LEN = 14;

export function ipForward(
  w: World,
  inDev: NetDevice,
  frame: Uint8Array,
  ip: Ipv4Repr,
  rt: Route,
  id: number,
): void {
  const ns = inDev.netns;
  const len = 20 + ip.options.length + ip.payloadLen;
  if (ip.ttl <= 1) {
    icmpSendError(w, ns, frame.subarray(ETH_LEN, ETH_LEN + len), 11, 0, 0, id, inDev);
    traceDrop(w, inDev, id, 'network', 'ip_ttl_exceeded', `ttl ${ip.ttl}`);
    return;
  }
  const out = rt.dev as NetDevice;
  const mtu = out.mtu;
  if (len > mtu && ip.dontFrag) {
    icmpSendError(w, ns, frame.subarray(ETH_LEN, ETH_LEN + len), 3, 4, mtu, id, inDev);
    traceDrop(w, inDev, id, 'network', 'frag_needed', `${len} > mtu ${mtu} of ${out.name}`);
    return;
  }
  let copy: Uint8Array = allocPacket(ETH_LEN + len);
  // The old Ethernet header comes along and is rewritten on output; padding past the datagram
  // (a short frame's) does not.
  copy.set(frame.length === ETH_LEN + len ? frame : frame.subarray(0, ETH_LEN + len));
  decrementTtl(copy);
  if (ns.netfilter.active) {
    const after = nfFrame(w, ns, 'FORWARD', copy, id, inDev, inDev, out);
    if (after === undefined) return;
    copy = after;
  }
  const nexthop = rt.gateway ?? ip.dst;
  if (w.trace.enabled)
    trace(
      w,
      out,
      id,
      'ip.forward',
      'pass',
      `${formatIpv4(ip.src)} > ${formatIpv4(ip.dst)} ttl ${ip.ttl - 1} via ${formatIpv4(nexthop)} dev ${out.name}`,
    );
  ipFinishOutput(w, 'unicast', out, nexthop, copy, id, mtu);
}
