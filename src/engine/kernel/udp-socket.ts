/**
 * UDP sockets (net/ipv4/udp.c): `bind` with the kernel's conflict rules (EADDRINUSE for a port
 * another socket holds on the same or a wildcard address, EADDRNOTAVAIL for an address that is
 * not ours, ip_nonlocal_bind=0), automatic binding to an ephemeral port from
 * net.ipv4.ip_local_port_range (32768–60999) drawn from the machine's rng, `sendto` through IPv4
 * output with a full UDP checksum (SO_NO_CHECK off), and a receive queue that wakes the owning
 * process. `udpRcv` is `__udp4_lib_rcv`: checksum, socket lookup by (destination or INADDR_ANY,
 * port; an exact address scores higher), and ICMP port unreachable only when nothing matches.
 *
 * Kernel sockets (the VXLAN device's, kernel/vxlan.ts) set `encapRcv`, as `setup_udp_tunnel_sock`
 * does: datagrams go to the tunnel instead of the queue.
 *
 * Left out: connect() and the errors ICMP reports to connected sockets (ECONNREFUSED),
 * SO_REUSEADDR/SO_REUSEPORT, multicast membership, socket buffer limits (the queue is unbounded),
 * UDP-Lite, GSO/GRO, IPv6.
 */
import type { Micros } from '../sim/clock';
import { emitUdp, IpProtocol, parseUdp, UDP_HEADER_LEN } from '../wire';
import { markPartial } from './csum-partial';
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { defaultTtl, icmpSendError } from './icmp';
import { formatIpv4, type Ipv4 } from './inet';
import { type IpSendResult, ipSend, type PmtuDisc } from './ipv4-output';
import { isLocalAddr, routeOutput } from './ipv4-route';
import { readU32 } from './l2';
import type { Netns } from './netns';
import { holdSocket, type SockHolder, sockFdFree } from './sock-procs';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

/** net.ipv4.ip_local_port_range. */
export const EPHEMERAL_PORT_MIN = 32768;
export const EPHEMERAL_PORT_MAX = 60999;

/** A received datagram as recvfrom() returns it. */
export interface UdpDatagram {
  at: Micros;
  from: Ipv4;
  fromPort: number;
  /** The destination address of the datagram (IP_PKTINFO). */
  to: Ipv4;
  /** The payload (a copy: the sender's frame may be shared). */
  data: Uint8Array;
  /** TTL of the IP header (IP_RECVTTL). */
  ttl: number;
  /** The device it arrived on. */
  dev: NetDevice;
  /** The trace id of the packet that carried it (for `parentId` of what the process sends next). */
  packetId: number;
}

/**
 * A tunnel's receive hook (`encap_rcv`): gets the whole IP datagram, the offset of its UDP header
 * and the packet id; the UDP header and checksum are already validated.
 */
export type UdpEncapRcv = (
  w: World,
  dev: NetDevice,
  datagram: Uint8Array,
  udpOffset: number,
  id: number,
) => void;

export class UdpSocket {
  readonly ns: Netns;
  /** Who holds it, for traces (`flanneld`, `kernel`, …). */
  readonly owner: string;
  /** The holding process and its descriptor, for `ss -p` (0: a kernel socket). */
  pid = 0;
  fd = 0;
  holder: SockHolder | undefined;
  /** Bound address (0 = INADDR_ANY) and port (0 = not bound yet). */
  localAddr: Ipv4 = 0;
  localPort = 0;
  /** IP_TTL (-1: net.ipv4.ip_default_ttl), IP_TOS, IP_MTU_DISCOVER. */
  ttl = -1;
  tos = 0;
  pmtudisc: PmtuDisc = 'want';
  /** SO_BINDTODEVICE. */
  bindDev: NetDevice | undefined;
  /** SO_NO_CHECK: send with checksum 0. */
  noCheck = false;
  readonly queue: UdpDatagram[] = [];
  /** Called when a datagram is queued (the owning process wakes). */
  onReadable: (() => void) | undefined;
  /** A kernel tunnel socket's receive hook; datagrams then never reach the queue. */
  encapRcv: UdpEncapRcv | undefined;
  /** The devices sharing a tunnel socket (VXLAN devices with the same dstport). */
  encapDevs: NetDevice[] = [];
  closed = false;

  constructor(ns: Netns, owner: string) {
    this.ns = ns;
    this.owner = owner;
  }
}

/** socket(AF_INET, SOCK_DGRAM, 0). */
export function udpSocketOpen(ns: Netns, owner = 'process', holder?: SockHolder): UdpSocket {
  return holdSocket(new UdpSocket(ns, owner), ns.machine, owner, holder);
}

function portUsers(ns: Netns, port: number): UdpSocket[] {
  return ns.ipv4.udpPorts.get(port) ?? [];
}

/** udp_lib_lport_inuse: another socket holds `port` on `addr`, or one of them is the wildcard. */
function portInUse(ns: Netns, addr: Ipv4, port: number, dev: NetDevice | undefined): boolean {
  return portUsers(ns, port).some(
    (s) =>
      (s.localAddr === 0 || addr === 0 || s.localAddr === addr) &&
      (s.bindDev === undefined || dev === undefined || s.bindDev === dev),
  );
}

/** udp_lib_get_port with port 0: a free port from the ephemeral range, from a random start. */
function ephemeralPort(ns: Netns, addr: Ipv4, dev: NetDevice | undefined): number | undefined {
  const range = EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN + 1;
  const start = ns.machine.rng.below(range);
  for (let i = 0; i < range; i++) {
    const port = EPHEMERAL_PORT_MIN + ((start + i) % range);
    if (!portInUse(ns, addr, port, dev)) return port;
  }
  return undefined;
}

/**
 * bind(): `port` 0 picks an ephemeral port. EINVAL when already bound, EADDRNOTAVAIL for an
 * address that is not local, EADDRINUSE for a port taken (what `bind: address already in use`
 * reports in docker and nginx).
 */
export function udpBind(s: UdpSocket, addr: Ipv4, port: number): KResult {
  if (s.closed || s.localPort !== 0) return kerr('EINVAL');
  if (port < 0 || port > 0xffff) return kerr('EINVAL');
  const ns = s.ns;
  if (addr !== 0 && addr !== 0xffffffff && !isLocalAddr(ns, addr)) return kerr('EADDRNOTAVAIL');
  let p = port;
  if (p === 0) {
    const e = ephemeralPort(ns, addr, s.bindDev);
    if (e === undefined) return kerr('EADDRINUSE');
    p = e;
  } else if (portInUse(ns, addr, p, s.bindDev)) {
    return kerr('EADDRINUSE');
  }
  s.localAddr = addr;
  s.localPort = p;
  const list = ns.ipv4.udpPorts.get(p);
  if (list) list.push(s);
  else ns.ipv4.udpPorts.set(p, [s]);
  return kok(undefined);
}

/** close(): the port is free again; queued datagrams are lost. */
export function udpSocketClose(s: UdpSocket): void {
  if (s.closed) return;
  s.closed = true;
  s.queue.length = 0;
  sockFdFree(s.holder, s.fd);
  if (s.localPort === 0) return;
  const ports = s.ns.ipv4.udpPorts;
  const rest = portUsers(s.ns, s.localPort).filter((x) => x !== s);
  if (rest.length === 0) ports.delete(s.localPort);
  else ports.set(s.localPort, rest);
}

/** What one UDP datagram needs to leave (the part of `sendmsg` below the socket). */
export interface UdpOutput {
  /** Source address; undefined or 0: the one the route selects. */
  src: Ipv4 | undefined;
  srcPort: number;
  dst: Ipv4;
  dstPort: number;
  payloadLen: number;
  /** Writes the payload into its final place (`buf` is exactly `payloadLen` long). */
  emitPayload: (buf: Uint8Array) => void;
  /** Fill the UDP checksum (else send 0, "no checksum"). */
  checksum: boolean;
  ttl: number;
  tos: number;
  pmtudisc: PmtuDisc;
  oif?: NetDevice;
}

/**
 * udp_send_skb: build UDP (checksum over the pseudo header of the source the route picks) and
 * hand it to IPv4 output. Shared by sockets and by the VXLAN device's encapsulation.
 */
export function udpOutput(w: World, ns: Netns, o: UdpOutput, id: number): IpSendResult {
  let src = o.src;
  if (src === undefined || src === 0) {
    const r = routeOutput(ns, o.dst, o.oif);
    // Without a route ipSend fails the same way (and traces it); the payload is never written.
    src = r.ok ? r.value.src : 0;
  }
  const from = src;
  const len = UDP_HEADER_LEN + o.payloadLen;
  return ipSend(
    w,
    ns,
    o.dst,
    IpProtocol.UDP,
    len,
    (buf) => {
      o.emitPayload(buf.subarray(UDP_HEADER_LEN, len));
      emitUdp(
        {
          srcPort: o.srcPort,
          dstPort: o.dstPort,
          payloadLen: o.payloadLen,
          checksum: o.checksum ? 'full' : 'none',
        },
        buf,
        from,
        o.dst,
      );
    },
    { ttl: o.ttl, tos: o.tos, pmtudisc: o.pmtudisc, oif: o.oif, src: from },
    id,
  );
}

/**
 * sendto(): one datagram to `dst`:`dstPort`, binding to an ephemeral port first if needed. The
 * process side of the crossing is traced as `udp.send` (space `user`); `parentId` links it to
 * the packet the process read before (flanneld: the one it took from the TUN device).
 */
export function udpSendto(
  w: World,
  s: UdpSocket,
  dst: Ipv4,
  dstPort: number,
  data: Uint8Array,
  parentId?: number,
): IpSendResult {
  if (s.closed) return { ok: false, errno: 'EINVAL' };
  if (s.localPort === 0) {
    const b = udpBind(s, 0, 0);
    if (!b.ok) return { ok: false, errno: b.error.errno };
  }
  const ns = s.ns;
  const id = newPacketId(w);
  if (!s.noCheck) markPartial(w, id, 'outer');
  if (w.trace.enabled)
    trace(
      w,
      s.bindDev ?? ns,
      id,
      'udp.send',
      'emit',
      `${s.owner}: ${data.length} bytes from port ${s.localPort} to ${formatIpv4(dst)}:${dstPort}`,
      parentId,
    );
  return udpOutput(
    w,
    ns,
    {
      src: s.localAddr === 0 ? undefined : s.localAddr,
      srcPort: s.localPort,
      dst,
      dstPort,
      payloadLen: data.length,
      emitPayload: (buf) => buf.set(data),
      checksum: !s.noCheck,
      ttl: s.ttl < 0 ? defaultTtl(ns) : s.ttl,
      tos: s.tos,
      pmtudisc: s.pmtudisc,
      oif: s.bindDev,
    },
    id,
  );
}

/** recvfrom(): the oldest queued datagram (traced as `socket.recv`, the kernel→user crossing). */
export function udpRecv(w: World, s: UdpSocket): UdpDatagram | undefined {
  const d = s.queue.shift();
  if (!d) return undefined;
  if (w.trace.enabled)
    trace(
      w,
      s.bindDev ?? s.ns,
      d.packetId,
      'socket.recv',
      'consume',
      `${s.owner}: ${d.data.length} bytes from ${formatIpv4(d.from)}:${d.fromPort} on port ${s.localPort}`,
    );
  return d;
}

/** __udp4_lib_lookup: an exact local address beats the wildcard; a bound device must match. */
export function udpLookup(
  ns: Netns,
  dst: Ipv4,
  port: number,
  dev: NetDevice | undefined,
): UdpSocket | undefined {
  let wildcard: UdpSocket | undefined;
  for (const s of portUsers(ns, port)) {
    if (s.bindDev !== undefined && s.bindDev !== dev) continue;
    if (s.localAddr === dst) return s;
    if (s.localAddr === 0) wildcard ??= s;
  }
  return wildcard;
}

/**
 * __udp4_lib_rcv: a UDP datagram delivered locally (`datagram` is the whole IP datagram, already
 * reassembled). A bad checksum is dropped silently (UDP_MIB_CSUMERRORS); no socket means ICMP
 * port unreachable, except for broadcasts.
 */
export function udpRcv(
  w: World,
  dev: NetDevice,
  datagram: Uint8Array,
  id: number,
  bcast: boolean,
): void {
  const ns = dev.netns;
  const hl = (datagram[0] & 0x0f) * 4;
  const src = readU32(datagram, 12);
  const dst = readU32(datagram, 16);
  const parsed = parseUdp(datagram.subarray(hl), src, dst);
  if (!parsed.ok) {
    const csum = parsed.error.reason.includes('checksum');
    traceDrop(w, dev, id, 'transport', csum ? 'udp_csum' : 'udp_hdr', parsed.error.reason);
    return;
  }
  const udp = parsed.value;
  const s = udpLookup(ns, dst, udp.dstPort, dev);
  if (!s) {
    if (!bcast) icmpSendError(w, ns, datagram, 3, 3, 0, id);
    traceDrop(w, dev, id, 'transport', 'no_socket', `udp port ${udp.dstPort}`);
    return;
  }
  if (s.encapRcv) {
    s.encapRcv(w, dev, datagram, hl, id);
    return;
  }
  const at = hl + UDP_HEADER_LEN;
  const data = datagram.slice(at, at + udp.payloadLen);
  if (w.trace.enabled)
    trace(
      w,
      dev,
      id,
      'udp.deliver',
      'consume',
      `${formatIpv4(src)}:${udp.srcPort} > ${formatIpv4(dst)}:${udp.dstPort} ${data.length} bytes to ${s.owner}`,
    );
  s.queue.push({
    at: w.sched.now,
    from: src,
    fromPort: udp.srcPort,
    to: dst,
    data,
    ttl: datagram[8],
    dev,
    packetId: id,
  });
  s.onReadable?.();
}
