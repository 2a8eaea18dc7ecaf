/**
 * How the kernel reports what it does to packets: `trace` stamps a {@link TraceEvent} with the
 * clock, machine, namespace and device, and does nothing (allocates nothing) while tracing is
 * off. Hooks are a closed set; each belongs to one layer. The bus itself is the world's
 * (`traceBus(world)`); this is the one place that knows where it lives.
 */
import type { TraceEvent } from '../api/types';
import type { TraceBus } from '../sim/trace';
import { NetDevice } from './device';
import type { Netns } from './netns';
import type { World } from './world';

export type TraceLayer = TraceEvent['layer'];
export type TraceVerdict = TraceEvent['verdict'];

/** Every step the packet path reports, and its layer. */
const HOOK_LAYER = {
  'socket.send': 'transport',
  'socket.deliver': 'transport',
  'socket.error': 'transport',
  'route.lookup': 'network',
  'route.pmtu': 'network',
  'neigh.resolve': 'link',
  'neigh.state': 'link',
  'arp.request': 'link',
  'arp.reply': 'link',
  'arp.rcv_request': 'link',
  'arp.rcv_reply': 'link',
  'arp.proxy': 'link',
  'dev.xmit': 'link',
  'dev.rcv': 'link',
  'veth.xmit': 'link',
  'bridge.fdb': 'link',
  'bridge.flood': 'link',
  'bridge.forward': 'link',
  'bridge.local_in': 'link',
  'segment.forward': 'link',
  'netif.deliver': 'link',
  'ip.rcv': 'network',
  'ip.output': 'network',
  'ip.forward': 'network',
  'ip.fragment': 'network',
  'ip.defrag': 'network',
  'ip.local_deliver': 'network',
  'icmp.rcv': 'transport',
  'icmp.reply': 'transport',
  'icmp.error': 'transport',
  'netfilter.prerouting': 'network',
  'netfilter.input': 'network',
  'netfilter.forward': 'network',
  'netfilter.output': 'network',
  'netfilter.postrouting': 'network',
  'netfilter.reject': 'network',
  'udp.send': 'transport',
  'tcp.send': 'transport',
  'tcp.rcv': 'transport',
  'tcp.state': 'transport',
  'tcp.retransmit': 'transport',
  'socket.listen': 'transport',
  'socket.accept': 'transport',
  'socket.connect': 'transport',
  'socket.close': 'transport',
  'udp.deliver': 'transport',
  'socket.recv': 'transport',
  'vxlan.encap': 'link',
  'vxlan.decap': 'link',
  'vxlan.fdb': 'link',
  'tun.write': 'network',
  'tun.read': 'network',
  'qdisc.enqueue': 'link',
  'qdisc.delay': 'link',
  'qdisc.dequeue': 'link',
} as const satisfies Record<string, TraceLayer>;

export type TraceHook = keyof typeof HOOK_LAYER;

/**
 * Hooks that a process performs (a system call: the user/kernel crossings C08 counts): every
 * `socket.*` hook, a UDP `sendto` and a `write` of a packet into a TUN file descriptor.
 */
const USER_HOOKS: ReadonlySet<string> = new Set(['udp.send', 'tun.read']);

function hookSpace(hook: string): TraceEvent['space'] {
  return hook.startsWith('socket.') || USER_HOOKS.has(hook) ? 'user' : 'kernel';
}

/** The world's trace bus. */
export function traceBus(world: World): TraceBus {
  return world.trace;
}

/** A fresh packet id (a frame created by the stack, e.g. an ARP request or an ICMP error). */
export function newPacketId(world: World): number {
  return world.trace.newPacketId();
}

/** The name a trace event gives a namespace: its /run/netns name, or "" for the root one. */
export function netnsLabel(ns: Netns): string {
  return ns.name ?? ns.machine.containerLabel(ns) ?? '';
}

function emit(
  world: World,
  where: NetDevice | Netns,
  packetId: number,
  layer: TraceLayer,
  hook: string,
  verdict: TraceVerdict,
  detail: string,
  parentId: number | undefined,
  frame?: Uint8Array,
  linktype?: 'ethernet' | 'raw',
): void {
  const dev = where instanceof NetDevice ? where : undefined;
  const ns = dev ? dev.netns : (where as Netns);
  // Every field present, always in this order: one object shape for all events (the page and
  // `take` read them in bulk); absent ones are undefined, which JSON and the page treat as absent.
  const e: TraceEvent = {
    t: world.sched.now,
    packetId,
    parentId,
    machine: ns.machine.name,
    netns: netnsLabel(ns),
    device: dev?.name,
    layer,
    space: hookSpace(hook),
    hook,
    verdict,
    detail,
    frame,
    linktype: frame ? linktype : undefined,
  };
  world.trace.emit(e);
}

/**
 * Record one step at a device (or, when none is involved, a namespace). `detail` is a function
 * when building it costs something, so a disabled bus never formats text. On the per-packet
 * path, callers test `w.trace.enabled` first and pass the text: not even a closure is made then.
 */
export function trace(
  world: World,
  where: NetDevice | Netns,
  packetId: number,
  hook: TraceHook,
  verdict: TraceVerdict,
  detail: string | (() => string),
  parentId?: number,
): void {
  if (!world.trace.enabled) return;
  const text = typeof detail === 'string' ? detail : detail();
  emit(world, where, packetId, HOOK_LAYER[hook], hook, verdict, text, parentId);
}

/** Drop reasons, named after the kernel's SKB_DROP_REASON_* where one exists. */
export type DropReason =
  | 'dev_down'
  | 'no_carrier'
  | 'not_implemented'
  | 'otherhost'
  | 'ip_csum'
  | 'ip_hdr'
  | 'ip_inaddr_errors'
  | 'ip_noroute'
  | 'ip_ttl_exceeded'
  | 'frag_needed'
  | 'neigh_failed'
  | 'neigh_queuefull'
  | 'arp_invalid'
  | 'icmp_csum'
  | 'frag_reasm'
  | 'no_socket'
  | 'veth_peer_down'
  | 'segment_unplugged'
  | 'bridge_ingress'
  | 'udp_csum'
  | 'udp_hdr'
  | 'vxlan_no_remote'
  | 'vxlan_invalid_hdr'
  | 'vxlan_vni_not_found'
  | 'vxlan_loop'
  | 'tun_no_reader'
  | 'tun_queue_full'
  | 'tcp_csum'
  | 'tcp_hdr'
  | 'tcp_flags'
  | 'tcp_invalid_sequence'
  | 'tcp_ofo_drop'
  | 'tcp_listen_overflow'
  | 'tcp_abort_on_data'
  | 'netfilter'
  | 'netem_loss'
  | 'qdisc_drop'
  | 'storm'
  | 'rp_filter';

/**
 * Record a frame crossing a device, with a copy of its bytes for the packet inspector (the
 * copy is made only while tracing is on). `detail` describes the frame (a plain function, so
 * a disabled bus allocates nothing here).
 */
export function traceFrame(
  world: World,
  dev: NetDevice,
  packetId: number,
  hook: 'dev.xmit' | 'dev.rcv',
  frame: Uint8Array,
  linktype: 'ethernet' | 'raw',
  detail: (frame: Uint8Array) => string,
): void {
  if (!world.trace.enabled) return;
  emit(
    world,
    dev,
    packetId,
    HOOK_LAYER[hook],
    hook,
    'pass',
    detail(frame),
    undefined,
    world.trace.copyFrame(frame),
    linktype,
  );
}

/** Record a drop (hook `drop`) with its reason. */
export function traceDrop(
  world: World,
  where: NetDevice | Netns,
  packetId: number,
  layer: TraceLayer,
  reason: DropReason,
  detail = '',
): void {
  if (!world.trace.enabled) return;
  emit(
    world,
    where,
    packetId,
    layer,
    'drop',
    'drop',
    detail ? `${reason}: ${detail}` : reason,
    undefined,
  );
}
