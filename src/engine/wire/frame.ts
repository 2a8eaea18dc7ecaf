/**
 * Whole frames as a tree of reprs (v86's "layered spec" made typed): Ethernet → ARP | IPv4 →
 * ICMP | UDP | TCP → VXLAN (UDP 8472/4789) → inner Ethernet, flannel UDP (8285) → inner IPv4,
 * BGP (TCP 179) → messages.
 *
 * `parseFrame` never fails: where a layer is malformed the tree ends in a `raw` node carrying the
 * {@link WireError}, so decoders can show how far the bytes made sense; `frameErrors` lists them.
 * `emitFrame` sizes the buffer once and writes inner layers first, so every length and checksum
 * covers the bytes really sent. Lengths (IP total length, UDP length, TCP data offset, BGP length)
 * are derived from the tree, never stored in it. Left out: IPv6, VLANs, IP-in-IP.
 */

import { type ArpRepr, arpBufferLen, emitArp, parseArp } from './arp';
import {
  BGP_PORT,
  type BgpEncoding,
  type BgpMessage,
  bgpBufferLen,
  bgpMessageLen,
  emitBgpMessage,
  guessBgpEncoding,
  parseBgpMessage,
} from './bgp';
import type { Ipv4Addr } from './bytes';
import type { WireError } from './errors';
import {
  ETHERNET_HEADER_LEN,
  type EthernetRepr,
  EtherType,
  emitEthernet,
  parseEthernet,
} from './ethernet';
import { emitIcmp, type IcmpRepr, icmpBufferLen, parseIcmp } from './icmp';
import { emitIpv4, IpProtocol, type Ipv4Repr, ipv4HeaderLen, isFragment, parseIpv4 } from './ipv4';
import { emitTcp, parseTcp, type TcpRepr, tcpHeaderLen } from './tcp';
import { emitUdp, parseUdp, UDP_HEADER_LEN, UdpPort, type UdpRepr } from './udp';
import { emitVxlan, parseVxlan, VXLAN_HEADER_LEN, type VxlanRepr } from './vxlan';

/** Link types a frame can start with (pcap LINKTYPE_ETHERNET / LINKTYPE_RAW). */
export type Linktype = 'ethernet' | 'raw';

/** IPv4 header fields of a frame tree (the payload length comes from the child). */
export type Ipv4Header = Omit<Ipv4Repr, 'payloadLen'>;
/** UDP header fields of a frame tree. */
export type UdpHeader = Omit<UdpRepr, 'payloadLen'>;
/** TCP header fields of a frame tree. */
export type TcpHeader = Omit<TcpRepr, 'payloadLen'>;

/** One node of a frame tree. */
export type FrameNode =
  | { readonly kind: 'raw'; readonly bytes: Uint8Array; readonly error?: WireError }
  | {
      readonly kind: 'ethernet';
      readonly eth: EthernetRepr;
      readonly payload: FrameNode;
      /** Bytes after the IP datagram (Ethernet padding); empty when none. */
      readonly trailer: Uint8Array;
    }
  | { readonly kind: 'arp'; readonly arp: ArpRepr }
  | { readonly kind: 'ipv4'; readonly ip: Ipv4Header; readonly payload: FrameNode }
  | { readonly kind: 'icmp'; readonly icmp: IcmpRepr }
  | { readonly kind: 'udp'; readonly udp: UdpHeader; readonly payload: FrameNode }
  | { readonly kind: 'tcp'; readonly tcp: TcpHeader; readonly payload: FrameNode }
  | { readonly kind: 'vxlan'; readonly vxlan: VxlanRepr; readonly payload: FrameNode }
  | {
      readonly kind: 'bgp';
      readonly messages: readonly BgpMessage[];
      readonly encoding: BgpEncoding;
    };

/** Options of {@link parseFrame}. */
export interface FrameParseOptions {
  /** Reject bad checksums (default false: captures carry offload partial sums). */
  readonly verifyChecksum?: boolean;
  /** BGP session encoding; guessed per message when absent. */
  readonly bgp?: BgpEncoding;
}

const EMPTY = new Uint8Array(0);

function raw(bytes: Uint8Array, error?: WireError): FrameNode {
  return error === undefined ? { kind: 'raw', bytes } : { kind: 'raw', bytes, error };
}

/** Parses a whole frame into a tree; never throws, malformed layers end in a `raw` node with an error. */
export function parseFrame(
  bytes: Uint8Array,
  linktype: Linktype,
  opts: FrameParseOptions = {},
): FrameNode {
  const o = { ...opts, verifyChecksum: opts.verifyChecksum ?? false };
  return linktype === 'ethernet' ? parseEthernetNode(bytes, o) : parseIpv4Node(bytes, o).node;
}

function parseEthernetNode(bytes: Uint8Array, opts: FrameParseOptions): FrameNode {
  const eth = parseEthernet(bytes);
  if (!eth.ok) return raw(bytes, eth.error);
  const body = bytes.subarray(ETHERNET_HEADER_LEN);
  if (eth.value.ethertype === EtherType.ARP) {
    const arp = parseArp(body);
    const trailer = arp.ok ? body.subarray(arpBufferLen()) : EMPTY;
    return {
      kind: 'ethernet',
      eth: eth.value,
      payload: arp.ok ? { kind: 'arp', arp: arp.value } : raw(body, arp.error),
      trailer,
    };
  }
  if (eth.value.ethertype === EtherType.IPv4) {
    const { node, used } = parseIpv4Node(body, opts);
    return { kind: 'ethernet', eth: eth.value, payload: node, trailer: body.subarray(used) };
  }
  return { kind: 'ethernet', eth: eth.value, payload: raw(body), trailer: EMPTY };
}

function parseIpv4Node(
  bytes: Uint8Array,
  opts: FrameParseOptions,
): { node: FrameNode; used: number } {
  const parsed = parseIpv4(bytes, opts);
  if (!parsed.ok) return { node: raw(bytes, parsed.error), used: bytes.length };
  const { payloadLen, ...ip } = parsed.value;
  const hl = ipv4HeaderLen(parsed.value);
  const body = bytes.subarray(hl, hl + payloadLen);
  const payload = isFragment(ip) ? raw(body) : parseTransport(body, ip, opts);
  return { node: { kind: 'ipv4', ip, payload }, used: hl + payloadLen };
}

function parseTransport(body: Uint8Array, ip: Ipv4Header, opts: FrameParseOptions): FrameNode {
  switch (ip.protocol) {
    case IpProtocol.ICMP: {
      const icmp = parseIcmp(body, opts);
      return icmp.ok ? { kind: 'icmp', icmp: icmp.value } : raw(body, icmp.error);
    }
    case IpProtocol.UDP: {
      const udp = parseUdp(body, ip.src, ip.dst, opts);
      if (!udp.ok) return raw(body, udp.error);
      const { payloadLen, ...hdr } = udp.value;
      const data = body.subarray(UDP_HEADER_LEN, UDP_HEADER_LEN + payloadLen);
      return { kind: 'udp', udp: hdr, payload: parseUdpPayload(data, hdr, opts) };
    }
    case IpProtocol.TCP: {
      const tcp = parseTcp(body, ip.src, ip.dst, opts);
      if (!tcp.ok) return raw(body, tcp.error);
      const { payloadLen: _, ...hdr } = tcp.value;
      const data = body.subarray(tcpHeaderLen(tcp.value));
      const isBgp = hdr.srcPort === BGP_PORT || hdr.dstPort === BGP_PORT;
      return { kind: 'tcp', tcp: hdr, payload: isBgp ? parseBgpNode(data, opts) : raw(data) };
    }
    default:
      return raw(body);
  }
}

/** True for the UDP ports that carry VXLAN. */
export function isVxlanPort(port: number): boolean {
  return port === UdpPort.VxlanLinux || port === UdpPort.VxlanIana;
}

function parseUdpPayload(data: Uint8Array, udp: UdpHeader, opts: FrameParseOptions): FrameNode {
  if (isVxlanPort(udp.dstPort)) {
    const vx = parseVxlan(data);
    if (!vx.ok) return raw(data, vx.error);
    return {
      kind: 'vxlan',
      vxlan: vx.value,
      payload: parseEthernetNode(data.subarray(VXLAN_HEADER_LEN), opts),
    };
  }
  if (udp.dstPort === UdpPort.FlannelUdp && udp.srcPort === UdpPort.FlannelUdp) {
    const { node, used } = parseIpv4Node(data, opts);
    // flannel sends the bare datagram: anything after it means this is not flannel
    return used === data.length ? node : raw(data);
  }
  return raw(data);
}

/**
 * Splits a TCP payload into BGP messages. A payload that does not hold whole messages (a
 * segment boundary inside a message) stays raw; that is not an error at this layer.
 */
function parseBgpNode(data: Uint8Array, opts: FrameParseOptions): FrameNode {
  if (data.length === 0) return raw(data);
  const messages: BgpMessage[] = [];
  let encoding = opts.bgp;
  for (let at = 0; at < data.length; ) {
    const len = bgpMessageLen(data.subarray(at));
    if (!len.ok) return raw(data, len.error);
    if (at + len.value > data.length) return raw(data);
    const bytes = data.subarray(at, at + len.value);
    encoding ??= guessBgpEncoding(bytes);
    const msg = parseBgpMessage(bytes, encoding);
    if (!msg.ok) return raw(data, msg.error);
    messages.push(msg.value);
    at += len.value;
  }
  return { kind: 'bgp', messages, encoding: encoding ?? guessBgpEncoding(data) };
}

/** Every error recorded in a tree, outermost first. */
export function frameErrors(node: FrameNode): WireError[] {
  if (node.kind === 'raw') return node.error === undefined ? [] : [node.error];
  return 'payload' in node ? frameErrors(node.payload) : [];
}

/** Size in bytes of the frame a tree describes. */
export function frameLen(node: FrameNode): number {
  switch (node.kind) {
    case 'raw':
      return node.bytes.length;
    case 'ethernet':
      return ETHERNET_HEADER_LEN + frameLen(node.payload) + node.trailer.length;
    case 'arp':
      return arpBufferLen(node.arp);
    case 'ipv4':
      return ipv4HeaderLen(node.ip) + frameLen(node.payload);
    case 'icmp':
      return icmpBufferLen(node.icmp);
    case 'udp':
      return UDP_HEADER_LEN + frameLen(node.payload);
    case 'tcp':
      return tcpHeaderLen(node.tcp) + frameLen(node.payload);
    case 'vxlan':
      return VXLAN_HEADER_LEN + frameLen(node.payload);
    case 'bgp':
      return node.messages.reduce((sum, m) => sum + bgpBufferLen(m, node.encoding), 0);
  }
}

/** Writes a tree into a new buffer with all lengths and checksums filled in. */
export function emitFrame(node: FrameNode): Uint8Array {
  const buf = new Uint8Array(frameLen(node));
  emitNode(node, buf, 0, 0);
  return buf;
}

/** Writes `node` into `buf` (exactly its size); `src`/`dst` are the enclosing IP addresses. */
export function emitNode(node: FrameNode, buf: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): void {
  switch (node.kind) {
    case 'raw':
      buf.set(node.bytes);
      return;
    case 'ethernet': {
      const end = buf.length - node.trailer.length;
      emitNode(node.payload, buf.subarray(ETHERNET_HEADER_LEN, end), src, dst);
      buf.set(node.trailer, end);
      emitEthernet(node.eth, buf);
      return;
    }
    case 'arp':
      emitArp(node.arp, buf);
      return;
    case 'ipv4': {
      const hl = ipv4HeaderLen(node.ip);
      emitNode(node.payload, buf.subarray(hl), node.ip.src, node.ip.dst);
      emitIpv4({ ...node.ip, payloadLen: buf.length - hl }, buf);
      return;
    }
    case 'icmp':
      emitIcmp(node.icmp, buf);
      return;
    case 'udp':
      emitNode(node.payload, buf.subarray(UDP_HEADER_LEN), src, dst);
      emitUdp({ ...node.udp, payloadLen: buf.length - UDP_HEADER_LEN }, buf, src, dst);
      return;
    case 'tcp': {
      const hl = tcpHeaderLen(node.tcp);
      emitNode(node.payload, buf.subarray(hl), src, dst);
      emitTcp({ ...node.tcp, payloadLen: buf.length - hl }, buf, src, dst);
      return;
    }
    case 'vxlan':
      emitNode(node.payload, buf.subarray(VXLAN_HEADER_LEN), src, dst);
      emitVxlan(node.vxlan, buf);
      return;
    case 'bgp': {
      let at = 0;
      for (const m of node.messages) at += emitBgpMessage(m, buf.subarray(at), node.encoding);
      return;
    }
  }
}
