/**
 * The VXLAN device data path (RFC 7348; drivers/net/vxlan/vxlan_core.c): encapsulation entirely
 * in the kernel, no user-space crossing (claim C10).
 *
 * Open (`vxlan_open` → `vxlan_sock_add`): a kernel UDP socket on 0.0.0.0:`dstport`, shared by the
 * namespace's VXLAN devices with that port; a user socket already there makes `ip link set up`
 * fail with EADDRINUSE, and while it is open user sockets cannot bind the port.
 *
 * Transmit (`vxlan_xmit`): the inner frame's destination MAC is looked up in the FDB
 * (vxlan-fdb.ts), falling back to the all-zeros default entry; with neither the frame is dropped
 * (SKB_DROP_REASON_VXLAN_NO_REMOTE, tx_dropped++: flannel's "missing FDB entry"). For each remote
 * (`vxlan_xmit_one`) the outer packet is UDP from `local` (else the routed source) and a source
 * port hashed from the inner flow (`udp_flow_src_port`: symmetric flow hash, scaled into
 * `srcport` or 32768–60999), to the remote's port (`dstport` 8472 for flannel), VXLAN flags 0x08
 * and the VNI, outer TTL `ttl` or 64 ("auto"), TOS = the inner ECN bits, DF not set (`df unset`),
 * through the namespace's normal IPv4 output. The outer UDP checksum is filled (`udpcsum`, the
 * IPv4 default): on real hardware the NIC fills it; the reference capture on veth shows the
 * un-filled partial sum instead (CHECKSUM_PARTIAL is never completed there).
 *
 * Receive (`vxlan_rcv`): the UDP socket hands the datagram over; flags must be exactly "I", the
 * VNI must name an up device, a frame from our own MAC is a loop, learning (`vxlan_snoop`) maps
 * the inner source MAC to the outer source IP, then the inner frame is received on the VXLAN
 * device like on any Ethernet device (ARP and IPv4 up the stack, or into a bridge it is a port
 * of). Encapsulation starts a child packet id (parent = the inner frame's); decapsulation
 * starts another (parent = the outer packet's).
 *
 * Left out: multicast groups (IGMP join, multicast outer destinations), IPv6 underlay, the local
 * bypass (`vxlan_encap_bypass`), ARP/ND proxy (`proxy`), l2miss/l3miss, GBP/GPE/RCO extensions,
 * metadata (external) mode, `df set|inherit`, `tos inherit`, skb_tunnel_check_pmtu.
 */
import {
  allocPacket,
  EtherType,
  IpProtocol,
  parseVxlan,
  VXLAN_FLAG_I,
  VXLAN_HEADER_LEN,
} from '../wire';
import { markPartial, partialOf } from './csum-partial';
import type { NetDevice, VxlanParams } from './device';
import { type KResult, kok } from './errors';
import { defaultTtl } from './icmp';
import { formatIpv4, formatMac, type Ipv4, type Mac } from './inet';
import { routeOutput } from './ipv4-route';
import { devRx, frameDst, frameSrcMac, readU32 } from './l2';
import { newPacketId, trace, traceDrop } from './trace';
import {
  EPHEMERAL_PORT_MAX,
  EPHEMERAL_PORT_MIN,
  udpBind,
  udpOutput,
  udpSocketClose,
  udpSocketOpen,
} from './udp-socket';
import { type VxlanRemote, vxlanFdbLookup, vxlanSnoop } from './vxlan-fdb';
import type { World } from './world';

/** Outer Ethernet is not counted: IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14. */
export const VXLAN_OVERHEAD = 50;

const ETH_LEN = 14;

function params(dev: NetDevice): VxlanParams {
  return dev.vxlan as VxlanParams;
}

/**
 * vxlan_open: join (or create) the namespace's kernel UDP socket on the device's `dstport`.
 * EADDRINUSE when a user socket holds the port.
 */
export function vxlanOpen(dev: NetDevice): KResult {
  const v = params(dev);
  if (v.sock) return kok(undefined);
  const ns = dev.netns;
  const shared = (ns.ipv4.udpPorts.get(v.dstport) ?? []).find((s) => s.encapRcv === vxlanRcv);
  if (shared) {
    shared.encapDevs.push(dev);
    v.sock = shared;
  } else {
    const s = udpSocketOpen(ns, 'kernel (vxlan)');
    const b = udpBind(s, 0, v.dstport);
    if (!b.ok) return b;
    s.encapRcv = vxlanRcv;
    s.encapDevs.push(dev);
    v.sock = s;
  }
  return kok(undefined);
}

/** vxlan_stop: leave the socket; the last device closes it. */
export function vxlanStop(dev: NetDevice): void {
  const v = params(dev);
  const s = v.sock;
  if (!s) return;
  v.sock = undefined;
  s.encapDevs = s.encapDevs.filter((d) => d !== dev);
  if (s.encapDevs.length === 0) udpSocketClose(s);
}

function mix(h: number, word: number): number {
  const x = Math.imul((h ^ word) >>> 0, 0x9e3779b1);
  return (x ^ (x >>> 15)) >>> 0;
}

/**
 * skb_get_hash over the inner frame: the flow dissector's keys (addresses, protocol, ports or
 * the ICMP echo id), made symmetric as `__flow_hash_consistentify` does, so both directions of a
 * flow hash alike; a non-IPv4 frame hashes its MACs and ethertype.
 */
export function innerFlowHash(seed: number, frame: Uint8Array): number {
  const ethertype = (frame[12] << 8) | frame[13];
  let h = seed >>> 0;
  if (ethertype !== EtherType.IPv4 || frame.length < ETH_LEN + 20) {
    for (let i = 0; i < 12 && i < frame.length; i += 4) h = mix(h, readU32(frame, i));
    return mix(h, ethertype);
  }
  const ip = ETH_LEN;
  const hl = (frame[ip] & 0x0f) * 4;
  const proto = frame[ip + 9];
  let a = readU32(frame, ip + 12);
  let b = readU32(frame, ip + 16);
  let pa = 0;
  let pb = 0;
  const fragmented = (((frame[ip + 6] << 8) | frame[ip + 7]) & 0x1fff) !== 0;
  const l4 = ip + hl;
  if (!fragmented && frame.length >= l4 + 8) {
    if (proto === IpProtocol.TCP || proto === IpProtocol.UDP) {
      pa = (frame[l4] << 8) | frame[l4 + 1];
      pb = (frame[l4 + 2] << 8) | frame[l4 + 3];
    } else if (proto === IpProtocol.ICMP && (frame[l4] === 8 || frame[l4] === 0)) {
      pa = (frame[l4 + 4] << 8) | frame[l4 + 5];
    }
  }
  if (b < a || (a === b && pb < pa)) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  h = mix(mix(mix(h, a), b), proto);
  return mix(h, ((pa << 16) | pb) >>> 0);
}

/** udp_flow_src_port: the flow hash scaled into [min, max). */
export function vxlanSrcPort(v: VxlanParams, frame: Uint8Array, seed: number): number {
  let min = v.srcPortMin ?? 0;
  let max = v.srcPortMax ?? 0;
  if (min >= max) {
    min = EPHEMERAL_PORT_MIN;
    max = EPHEMERAL_PORT_MAX;
  }
  let hash = innerFlowHash(seed, frame);
  hash = (hash ^ (hash << 16)) >>> 0;
  return Math.floor((hash * (max - min)) / 0x1_0000_0000) + min;
}

/** Undo the tx accounting devXmit did for a frame the driver then drops. */
function txDrop(dev: NetDevice, frame: Uint8Array): void {
  dev.stats.txPackets--;
  dev.stats.txBytes -= frame.length;
  dev.stats.txDropped++;
}

/** vxlan_xmit: `frame` (a whole Ethernet frame) sent on the VXLAN device `dev`. */
export function vxlanXmit(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  const dst: Mac = frameDst(frame);
  let f = vxlanFdbLookup(w, dev, dst);
  const known = f !== undefined;
  if (!f) f = vxlanFdbLookup(w, dev, 0);
  if (!f || f.remotes.length === 0) {
    txDrop(dev, frame);
    traceDrop(
      w,
      dev,
      id,
      'link',
      'vxlan_no_remote',
      `no fdb entry for ${formatMac(dst)} and no default (00:00:00:00:00:00) entry`,
    );
    return;
  }
  const entry = f;
  entry.used = w.sched.now;
  if (w.trace.enabled)
    trace(
      w,
      dev,
      id,
      'vxlan.fdb',
      'pass',
      `${formatMac(dst)} ${known ? '' : '(via 00:00:00:00:00:00) '}→ ${entry.remotes.map((r) => formatIpv4(r.ip)).join(', ')}`,
    );
  let sent = 0;
  for (const rd of entry.remotes) if (vxlanXmitOne(w, dev, frame, id, rd)) sent++;
  if (sent === 0) txDrop(dev, frame);
}

/** vxlan_xmit_one: one copy of `frame` to the remote `rd`; false when it could not leave. */
function vxlanXmitOne(
  w: World,
  dev: NetDevice,
  frame: Uint8Array,
  id: number,
  rd: VxlanRemote,
): boolean {
  const v = params(dev);
  const ns = dev.netns;
  if (rd.ip === 0) {
    traceDrop(w, dev, id, 'link', 'vxlan_no_remote', 'remote 0.0.0.0');
    return false;
  }
  const oif = rd.ifindex === 0 ? undefined : ns.byIndex(rd.ifindex);
  const rt = routeOutput(ns, rd.ip, oif, v.local);
  if (rt.ok && rt.value.dev === dev) {
    traceDrop(
      w,
      dev,
      id,
      'link',
      'vxlan_loop',
      `route to ${formatIpv4(rd.ip)} leaves by ${dev.name}`,
    );
    return false;
  }
  const port = rd.port === 0 ? v.dstport : rd.port;
  const srcPort = vxlanSrcPort(v, frame, dev.netns.machine.flowHashSeed);
  const child = newPacketId(w);
  // udp_set_csum: an inner partial checksum makes the outer one complete (LCO); else the outer
  // UDP checksum is left to the device.
  if (partialOf(w, id) === 'outer') markPartial(w, child, 'inner');
  else if (v.udpCsum !== false) markPartial(w, child, 'outer');
  const local: Ipv4 | undefined = v.local;
  if (w.trace.enabled)
    trace(
      w,
      dev,
      child,
      'vxlan.encap',
      'emit',
      `vni ${rd.vni} ${local === undefined ? '' : formatIpv4(local)}:${srcPort} > ${formatIpv4(rd.ip)}:${port}, ${frame.length}-byte inner frame`,
      id,
    );
  const innerTos = ((frame[12] << 8) | frame[13]) === EtherType.IPv4 ? frame[ETH_LEN + 1] : 0;
  const ecn = innerTos & 3;
  const multicast = rd.ip >>> 28 === 0xe;
  const r = udpOutput(
    w,
    ns,
    {
      src: local,
      srcPort,
      dst: rd.ip,
      dstPort: port,
      payloadLen: VXLAN_HEADER_LEN + frame.length,
      emitPayload: vxlanPayload(rd.vni, frame),
      checksum: v.udpCsum !== false,
      ttl: v.ttl !== 0 ? v.ttl : multicast ? 1 : defaultTtl(ns),
      // INET_ECN_encapsulate: ECT is copied, CE becomes ECT(0).
      tos: ecn === 3 ? 2 : ecn,
      pmtudisc: 'dont',
      oif,
    },
    child,
  );
  if (!r.ok) {
    traceDrop(w, dev, child, 'network', 'ip_noroute', `${formatIpv4(rd.ip)}: ${r.errno}`);
    return false;
  }
  return true;
}

/** Writes the VXLAN header (flags "I", `vni`) and then the inner `frame` into the UDP payload. */
function vxlanPayload(vni: number, frame: Uint8Array): (buf: Uint8Array) => void {
  return (buf) => {
    buf[0] = VXLAN_FLAG_I;
    buf[1] = 0;
    buf[2] = 0;
    buf[3] = 0;
    buf[4] = (vni >>> 16) & 0xff;
    buf[5] = (vni >>> 8) & 0xff;
    buf[6] = vni & 0xff;
    buf[7] = 0;
    buf.set(frame, VXLAN_HEADER_LEN);
  };
}

/**
 * vxlan_rcv: the encap_rcv hook of the VXLAN UDP socket. `datagram` is the whole outer IP
 * datagram received on the underlay device `inDev`; its UDP header starts at `udpOffset`.
 */
export function vxlanRcv(
  w: World,
  inDev: NetDevice,
  datagram: Uint8Array,
  udpOffset: number,
  id: number,
): void {
  const udpLen = (datagram[udpOffset + 4] << 8) | datagram[udpOffset + 5];
  const payload = datagram.subarray(udpOffset + 8, udpOffset + udpLen);
  const hdr = parseVxlan(payload);
  if (!hdr.ok) {
    traceDrop(w, inDev, id, 'link', 'vxlan_invalid_hdr', hdr.error.reason);
    return;
  }
  // Without extensions every bit but "I" must be clear, reserved fields included.
  if (payload[0] !== VXLAN_FLAG_I || payload[1] | payload[2] | payload[3] | payload[7]) {
    traceDrop(w, inDev, id, 'link', 'vxlan_invalid_hdr', `flags 0x${payload[0].toString(16)}`);
    return;
  }
  const vni = hdr.value.vni;
  const port = (datagram[udpOffset + 2] << 8) | datagram[udpOffset + 3];
  const sock = inDev.netns.ipv4.udpPorts.get(port)?.find((s) => s.encapRcv === vxlanRcv);
  const dev = sock?.encapDevs.find((d) => d.vxlan?.vni === vni && d.adminUp);
  if (!dev) {
    traceDrop(w, inDev, id, 'link', 'vxlan_vni_not_found', `vni ${vni}`);
    return;
  }
  const inner = payload.subarray(VXLAN_HEADER_LEN);
  if (inner.length < ETH_LEN) {
    dev.stats.rxDropped++;
    traceDrop(w, dev, id, 'link', 'vxlan_invalid_hdr', 'inner frame too short');
    return;
  }
  const src = readU32(datagram, 12);
  const srcMac = frameSrcMac(inner);
  if (srcMac === dev.mac) {
    traceDrop(w, dev, id, 'link', 'vxlan_loop', `frame from our own MAC ${formatMac(srcMac)}`);
    return;
  }
  const child = newPacketId(w);
  if (partialOf(w, id) === 'inner') markPartial(w, child, 'outer');
  if (w.trace.enabled)
    trace(
      w,
      dev,
      child,
      'vxlan.decap',
      'pass',
      `vni ${vni} from ${formatIpv4(src)} on ${inDev.name}: ${formatMac(srcMac)} > ${formatMac(frameDst(inner))}, ${inner.length}-byte frame`,
      id,
    );
  if (params(dev).learning && vxlanSnoop(w, dev, src, srcMac, child)) {
    dev.stats.rxDropped++;
    traceDrop(
      w,
      dev,
      child,
      'link',
      'vxlan_loop',
      `${formatMac(srcMac)} has a static entry elsewhere`,
    );
    return;
  }
  // The outer frame may be shared (flooded); the inner one gets its own bytes.
  const own = allocPacket(inner.length);
  own.set(inner);
  devRx(w, dev, own, child);
}
