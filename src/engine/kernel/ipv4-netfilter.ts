/**
 * Where the IPv4 path meets netfilter: the five hooks called at the points net/ipv4 calls
 * NF_HOOK (ip_rcv → PREROUTING, ip_local_deliver → INPUT, ip_forward → FORWARD, __ip_local_out
 * → OUTPUT, ip_output → POSTROUTING). A hook may drop the packet (the trace names the table,
 * chain and rule), rewrite it (NAT: a new frame is returned) or send a reply (REJECT).
 *
 * Left out: br_netfilter (bridged frames do not traverse iptables here), the mangle and raw
 * tables.
 */

import type { NetDevice } from './device';
import { formatIpv4 } from './inet';
import { ipFinishOutput } from './ipv4-output';
import { routeOutput } from './ipv4-route';
import { type NfHookResult, nfHook } from './netfilter/hooks';
import type { HookName } from './netfilter/rule';
import type { Netns } from './netns';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

const ETH_LEN = 14;

const HOOK_TRACE = {
  PREROUTING: 'netfilter.prerouting',
  INPUT: 'netfilter.input',
  FORWARD: 'netfilter.forward',
  OUTPUT: 'netfilter.output',
  POSTROUTING: 'netfilter.postrouting',
} as const;

/** The rules that decided, as the trace shows them: `nat POSTROUTING #1 MASQUERADE`. */
function decisions(r: NfHookResult): string {
  return r.trace
    .map((t) => `${t.table} ${t.chain} ${t.rule === 0 ? 'policy' : `#${t.rule}`} ${t.target}`)
    .join(', ');
}

/**
 * Run `hook` on the IPv4 datagram carried by `frame` (after its 14-byte link header). Returns the
 * frame to continue with — the same one, or a rewritten copy after NAT — or undefined when the
 * packet was dropped or taken.
 */
export function nfFrame(
  w: World,
  ns: Netns,
  hook: HookName,
  frame: Uint8Array,
  id: number,
  where: NetDevice | Netns,
  inDev?: NetDevice,
  outDev?: NetDevice,
): Uint8Array | undefined {
  if (!ns.netfilter.active) return frame;
  const total = (frame[ETH_LEN + 2] << 8) | frame[ETH_LEN + 3];
  const datagram = frame.subarray(ETH_LEN, ETH_LEN + total);
  const r = nfHook(ns, hook as Parameters<typeof nfHook>[1], datagram, {
    now: w.sched.now,
    inDev: inDev?.name,
    outDev: outDev?.name,
    icmpSource: (to) => {
      const rt = routeOutput(ns, to);
      return rt.ok ? rt.value.src : undefined;
    },
  });
  if (r.reply) sendReply(w, ns, r.reply, id);
  if (r.verdict !== 'accept') {
    traceDrop(w, where, id, 'network', 'netfilter', decisions(r) || r.reason || hook);
    return undefined;
  }
  if (r.trace.length > 0 || r.packet !== datagram) {
    trace(w, where, id, HOOK_TRACE[hook], 'pass', () => {
      const nat =
        r.packet !== datagram
          ? ` → ${formatIpv4(readU32(r.packet, 12))} > ${formatIpv4(readU32(r.packet, 16))}`
          : '';
      return `${decisions(r) || 'accept'}${r.ctstate ? ` (ctstate ${r.ctstate})` : ''}${nat}`;
    });
  }
  if (r.packet === datagram) return frame;
  const out = new Uint8Array(ETH_LEN + r.packet.length);
  out.set(frame.subarray(0, ETH_LEN));
  out.set(r.packet, ETH_LEN);
  return out;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** A REJECT reply (ICMP error or TCP RST) leaves as a locally generated packet. */
function sendReply(w: World, ns: Netns, datagram: Uint8Array, cause: number): void {
  const dst = readU32(datagram, 16);
  const rt = routeOutput(ns, dst);
  const id = newPacketId(w);
  if (!rt.ok) {
    traceDrop(w, ns, id, 'network', 'ip_noroute', formatIpv4(dst));
    return;
  }
  const frame = new Uint8Array(ETH_LEN + datagram.length);
  frame.set(datagram, ETH_LEN);
  trace(
    w,
    rt.value.dev,
    id,
    'netfilter.reject',
    'emit',
    () => `reply to ${formatIpv4(dst)}`,
    cause,
  );
  ipFinishOutput(w, rt.value.type, rt.value.dev, rt.value.nexthop, frame, id, rt.value.dev.mtu);
}
