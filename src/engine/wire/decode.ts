/**
 * Decoding for people: `decodeStack` turns a frame into layers of named fields, each with its
 * byte range (the UI highlights the bytes of a selected field), and `summarize` prints the
 * one-line `tcpdump -n` form.
 *
 * Field names follow Wireshark's display filter names (`ip.ttl`, `udp.checksum.status`) so the
 * two read alike. Checksums are reported, not enforced: captures from a sending veth carry
 * partial sums (checksum offload). Left out: IPv6 and anything `frame.ts` leaves out; TCP
 * sequence numbers are printed absolute (tcpdump `-S`), since relative ones need flow state.
 */

import { ARP_FIELD, ArpOperation, ArpPacket, type ArpRepr } from './arp';
import {
  BGP_FIELD,
  type BgpAttr,
  BgpAttrFlag,
  type BgpCapability,
  type BgpEncoding,
  type BgpMessage,
  type BgpPrefix,
  bgpUpdateRegions,
} from './bgp';
import { ipv4ToString, macToString } from './bytes';
import type { WireError } from './errors';
import { ETHERNET_HEADER_LEN, EthernetFrame } from './ethernet';
import { type FrameNode, frameLen, type Linktype, parseFrame } from './frame';
import { ICMP_FIELD, IcmpPacket, type IcmpRepr, parseIcmp, UnreachableCode } from './icmp';
import { IPV4_FIELD, IPV4_HEADER_LEN, IpProtocol, Ipv4Packet } from './ipv4';
import {
  TCP_FIELD,
  TCP_HEADER_LEN,
  TcpFlag,
  type TcpOption,
  TcpPacket,
  tcpChecksumStatus,
} from './tcp';
import { UDP_FIELD, UDP_HEADER_LEN, UdpPacket, UdpPort, udpChecksumStatus } from './udp';
import { VXLAN_FIELD, VxlanPacket } from './vxlan';

/** One field of a layer; `offset`/`length` are bytes from the start of the frame. */
export interface Field {
  readonly name: string;
  readonly label: string;
  readonly value: string | number;
  readonly offset: number;
  readonly length: number;
}

/** One protocol layer of a frame. */
export interface Layer {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  readonly fields: Field[];
  readonly error?: WireError;
}

const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** Collects the fields of one layer, relative to its start in the frame. */
class LayerBuilder {
  readonly fields: Field[] = [];
  readonly base: number;
  constructor(base: number) {
    this.base = base;
  }
  add(name: string, label: string, value: string | number, offset: number, length: number): this {
    this.fields.push({ name, label, value, offset: this.base + offset, length });
    return this;
  }
}

/** Decodes every layer of `frame`; never throws. */
export function decodeStack(frame: Uint8Array, linktype: Linktype): Layer[] {
  const out: Layer[] = [];
  walk(parseFrame(frame, linktype), frame, 0, out, NO_IP);
  return out;
}

function push(
  out: Layer[],
  name: string,
  b: LayerBuilder,
  length: number,
  error?: WireError,
): void {
  out.push(
    error === undefined
      ? { name, offset: b.base, length, fields: b.fields }
      : { name, offset: b.base, length, fields: b.fields, error },
  );
}

/** Addresses of the enclosing IPv4 header, for pseudo-header checksums. */
interface IpContext {
  readonly src: number;
  readonly dst: number;
}

const NO_IP: IpContext = { src: 0, dst: 0 };

function walk(node: FrameNode, bytes: Uint8Array, base: number, out: Layer[], ip: IpContext): void {
  const b = new LayerBuilder(base);
  switch (node.kind) {
    case 'raw':
      if (node.error !== undefined) {
        push(
          out,
          `Malformed ${node.error.layer}`,
          b.add('_ws.malformed', 'Malformed', node.error.reason, 0, bytes.length),
          bytes.length,
          node.error,
        );
      } else if (bytes.length > 0) {
        push(
          out,
          'Data',
          b.add('data', 'Data', `${bytes.length} bytes`, 0, bytes.length),
          bytes.length,
        );
      }
      return;
    case 'ethernet': {
      const v = new EthernetFrame(bytes);
      b.add('eth.dst', 'Destination', macToString(v.dst()), 0, 6)
        .add('eth.src', 'Source', macToString(v.src()), 6, 6)
        .add('eth.type', 'Type', hex(v.ethertype(), 4), 12, 2);
      push(out, 'Ethernet II', b, ETHERNET_HEADER_LEN);
      const end = bytes.length - node.trailer.length;
      walk(
        node.payload,
        bytes.subarray(ETHERNET_HEADER_LEN, end),
        base + ETHERNET_HEADER_LEN,
        out,
        ip,
      );
      if (node.trailer.length > 0) {
        const t = new LayerBuilder(base + end).add(
          'eth.padding',
          'Padding',
          `${node.trailer.length} bytes`,
          0,
          node.trailer.length,
        );
        push(out, 'Padding', t, node.trailer.length);
      }
      return;
    }
    case 'arp': {
      const v = new ArpPacket(bytes);
      const f = ARP_FIELD;
      b.add('arp.hw.type', 'Hardware type', v.hardwareType(), f.HTYPE, 2)
        .add('arp.proto.type', 'Protocol type', hex(v.protocolType(), 4), f.PTYPE, 2)
        .add('arp.hw.size', 'Hardware size', v.hardwareLen(), f.HLEN, 1)
        .add('arp.proto.size', 'Protocol size', v.protocolLen(), f.PLEN, 1)
        .add('arp.opcode', 'Opcode', v.operation(), f.OPER, 2)
        .add('arp.src.hw_mac', 'Sender MAC address', macToString(v.senderMac()), f.SHA, 6)
        .add('arp.src.proto_ipv4', 'Sender IP address', ipv4ToString(v.senderIp()), f.SPA, 4)
        .add('arp.dst.hw_mac', 'Target MAC address', macToString(v.targetMac()), f.THA, 6)
        .add('arp.dst.proto_ipv4', 'Target IP address', ipv4ToString(v.targetIp()), f.TPA, 4);
      push(out, 'ARP', b, 28);
      return;
    }
    case 'ipv4': {
      const hl = ipv4Fields(new Ipv4Packet(bytes), b, true);
      push(out, 'IPv4', b, hl);
      walk(node.payload, bytes.subarray(hl), base + hl, out, node.ip);
      return;
    }
    case 'icmp': {
      const v = new IcmpPacket(bytes);
      b.add('icmp.type', 'Type', v.type(), ICMP_FIELD.TYPE, 1)
        .add('icmp.code', 'Code', v.code(), ICMP_FIELD.CODE, 1)
        .add('icmp.checksum', 'Checksum', hex(v.checksum(), 4), ICMP_FIELD.CHECKSUM, 2)
        .add(
          'icmp.checksum.status',
          'Checksum status',
          v.verifyChecksum() ? 'good' : 'bad',
          ICMP_FIELD.CHECKSUM,
          2,
        );
      icmpFields(node.icmp, v, b);
      push(out, 'ICMP', b, bytes.length);
      if (node.icmp.kind === 'destUnreachable' || node.icmp.kind === 'timeExceeded') {
        quotedLayers(bytes.subarray(8), base + 8, out);
      }
      return;
    }
    case 'udp':
    case 'tcp': {
      const udp = node.kind === 'udp';
      const hl = udp
        ? udpFields(new UdpPacket(bytes), b)
        : tcpFields(new TcpPacket(bytes), b, node.tcp.options);
      const status = (udp ? udpChecksumStatus : tcpChecksumStatus)(bytes, ip.src, ip.dst);
      const at = udp ? UDP_FIELD.CHECKSUM : TCP_FIELD.CHECKSUM;
      b.add(`${node.kind}.checksum.status`, 'Checksum status', status, at, 2);
      push(out, node.kind.toUpperCase(), b, hl);
      walk(node.payload, bytes.subarray(hl), base + hl, out, ip);
      return;
    }
    case 'vxlan': {
      const v = new VxlanPacket(bytes);
      b.add('vxlan.flags', 'Flags', hex(v.flags(), 2), VXLAN_FIELD.FLAGS, 1)
        .add('vxlan.reserved', 'Reserved', 0, VXLAN_FIELD.RESERVED1, 3)
        .add('vxlan.vni', 'VNI', v.vni(), VXLAN_FIELD.VNI, 3)
        .add('vxlan.reserved', 'Reserved', 0, VXLAN_FIELD.RESERVED2, 1);
      push(out, 'VXLAN', b, 8);
      walk(node.payload, bytes.subarray(8), base + 8, out, ip);
      return;
    }
    case 'bgp': {
      let at = 0;
      for (const m of node.messages) {
        const len = (bytes[at + BGP_FIELD.LENGTH] << 8) | bytes[at + BGP_FIELD.LENGTH + 1];
        const mb = new LayerBuilder(base + at);
        bgpFields(m, bytes.subarray(at, at + len), mb, node.encoding);
        push(out, `BGP ${m.kind.toUpperCase()}`, mb, len);
        at += len;
      }
      return;
    }
  }
}

function ipv4Fields(v: Ipv4Packet, b: LayerBuilder, full: boolean): number {
  const f = IPV4_FIELD;
  const hl = v.headerLen();
  const flags = (v.dontFrag() ? 'DF' : '') + (v.moreFrags() ? (v.dontFrag() ? ',MF' : 'MF') : '');
  b.add('ip.version', 'Version', v.version(), f.VER_IHL, 1)
    .add('ip.hdr_len', 'Header length', hl, f.VER_IHL, 1)
    .add('ip.dsfield', 'Type of service', hex(v.tos(), 2), f.TOS, 1)
    .add('ip.len', 'Total length', v.totalLen(), f.LENGTH, 2)
    .add('ip.id', 'Identification', hex(v.ident(), 4), f.IDENT, 2)
    .add('ip.flags', 'Flags', flags === '' ? 'none' : flags, f.FLAGS_FRAG, 1)
    .add('ip.frag_offset', 'Fragment offset', v.fragOffset(), f.FLAGS_FRAG, 2)
    .add('ip.ttl', 'Time to live', v.ttl(), f.TTL, 1)
    .add('ip.proto', 'Protocol', v.protocol(), f.PROTOCOL, 1)
    .add('ip.checksum', 'Header checksum', hex(v.checksum(), 4), f.CHECKSUM, 2);
  if (full)
    b.add(
      'ip.checksum.status',
      'Checksum status',
      v.verifyChecksum() ? 'good' : 'bad',
      f.CHECKSUM,
      2,
    );
  b.add('ip.src', 'Source address', ipv4ToString(v.src()), f.SRC, 4).add(
    'ip.dst',
    'Destination address',
    ipv4ToString(v.dst()),
    f.DST,
    4,
  );
  if (hl > IPV4_HEADER_LEN)
    b.add(
      'ip.options',
      'Options',
      `${hl - IPV4_HEADER_LEN} bytes`,
      f.OPTIONS,
      hl - IPV4_HEADER_LEN,
    );
  return hl;
}

function udpFields(v: UdpPacket, b: LayerBuilder): number {
  const f = UDP_FIELD;
  b.add('udp.srcport', 'Source port', v.srcPort(), f.SRC_PORT, 2)
    .add('udp.dstport', 'Destination port', v.dstPort(), f.DST_PORT, 2)
    .add('udp.length', 'Length', v.length(), f.LENGTH, 2)
    .add('udp.checksum', 'Checksum', hex(v.checksum(), 4), f.CHECKSUM, 2);
  return UDP_HEADER_LEN;
}

function icmpFields(icmp: IcmpRepr, v: IcmpPacket, b: LayerBuilder): void {
  switch (icmp.kind) {
    case 'echoRequest':
    case 'echoReply':
      b.add('icmp.ident', 'Identifier', icmp.id, ICMP_FIELD.ID, 2)
        .add('icmp.seq', 'Sequence number', icmp.seq, ICMP_FIELD.SEQ, 2)
        .add('data', 'Data', `${icmp.data.length} bytes`, 8, icmp.data.length);
      return;
    case 'destUnreachable':
      if (icmp.code === UnreachableCode.FragNeeded)
        b.add('icmp.mtu', 'MTU of next hop', icmp.nextHopMtu, ICMP_FIELD.MTU, 2);
      return;
    case 'timeExceeded':
      return;
    case 'other':
      b.add('icmp.rest', 'Rest of header', hex(v.rest(), 8), ICMP_FIELD.REST, 4);
      return;
  }
}

/** Layers for the datagram quoted by an ICMP error: its IPv4 header and first 8 bytes. */
function quotedLayers(data: Uint8Array, base: number, out: Layer[]): void {
  const v = new Ipv4Packet(data);
  if (
    data.length < IPV4_HEADER_LEN ||
    v.version() !== 4 ||
    v.headerLen() < IPV4_HEADER_LEN ||
    v.headerLen() > data.length
  ) {
    return;
  }
  const b = new LayerBuilder(base);
  const hl = ipv4Fields(v, b, false);
  push(out, 'IPv4 (quoted)', b, hl);
  const rest = data.subarray(hl);
  if (rest.length < 8 || (v.protocol() !== IpProtocol.UDP && v.protocol() !== IpProtocol.TCP))
    return;
  const q = new LayerBuilder(base + hl);
  const ports = new UdpPacket(rest);
  const p = v.protocol() === IpProtocol.UDP ? 'udp' : 'tcp';
  q.add(`${p}.srcport`, 'Source port', ports.srcPort(), 0, 2).add(
    `${p}.dstport`,
    'Destination port',
    ports.dstPort(),
    2,
    2,
  );
  push(out, `${p.toUpperCase()} (quoted)`, q, 8);
}

const tcpFlagNames: [number, string][] = Object.entries(TcpFlag).map(([k, v]) => [v, k]);

function tcpFields(v: TcpPacket, b: LayerBuilder, options: readonly TcpOption[]): number {
  const f = TCP_FIELD;
  const hl = v.headerLen();
  const names = tcpFlagNames.filter(([bit]) => (v.flags() & bit) !== 0).map(([, n]) => n);
  b.add('tcp.srcport', 'Source port', v.srcPort(), f.SRC_PORT, 2)
    .add('tcp.dstport', 'Destination port', v.dstPort(), f.DST_PORT, 2)
    .add('tcp.seq_raw', 'Sequence number', v.seq(), f.SEQ, 4)
    .add('tcp.ack_raw', 'Acknowledgment number', v.ack(), f.ACK, 4)
    .add('tcp.hdr_len', 'Header length', hl, f.OFFSET_FLAGS, 1)
    .add('tcp.flags', 'Flags', `${hex(v.flags(), 3)} (${names.join(', ')})`, f.OFFSET_FLAGS, 2)
    .add('tcp.window_size_value', 'Window', v.window(), f.WINDOW, 2)
    .add('tcp.checksum', 'Checksum', hex(v.checksum(), 4), f.CHECKSUM, 2)
    .add('tcp.urgent_pointer', 'Urgent pointer', v.urgent(), f.URGENT, 2);
  let at = TCP_HEADER_LEN;
  for (const opt of options) {
    const len = opt.kind === 'eol' || opt.kind === 'nop' ? 1 : v.bytes[at + 1];
    b.add(`tcp.option.${opt.kind}`, 'Option', tcpOptionText(opt), at, len);
    at += len;
  }
  return hl;
}

/** tcpdump's rendering of one option. */
function tcpOptionText(opt: TcpOption): string {
  switch (opt.kind) {
    case 'mss':
      return `mss ${opt.value}`;
    case 'windowScale':
      return `wscale ${opt.shift}`;
    case 'sackPermitted':
      return 'sackOK';
    case 'timestamps':
      return `TS val ${opt.value} ecr ${opt.echo}`;
    case 'sack':
      return `sack ${opt.blocks.length} ${opt.blocks.map(([l, r]) => `{${l}:${r}}`).join('')}`;
    case 'unknown':
      return `opt-${opt.type}:${Array.from(opt.data, (x) => x.toString(16).padStart(2, '0')).join('')}`;
    default:
      return opt.kind;
  }
}

const prefixText = (p: BgpPrefix) =>
  `${ipv4ToString(p.addr)}/${p.len}${p.pathId === undefined ? '' : ` path-id ${p.pathId}`}`;

function prefixFields(
  b: LayerBuilder,
  name: string,
  label: string,
  prefixes: readonly BgpPrefix[],
  start: number,
  addPath: boolean,
): void {
  let at = start;
  for (const p of prefixes) {
    const len = (addPath ? 4 : 0) + 1 + ((p.len + 7) >> 3);
    b.add(name, label, prefixText(p), at, len);
    at += len;
  }
}

function bgpFields(m: BgpMessage, bytes: Uint8Array, b: LayerBuilder, enc: BgpEncoding): void {
  const f = BGP_FIELD;
  b.add('bgp.marker', 'Marker', 'ff x16', f.MARKER, 16)
    .add('bgp.length', 'Length', bytes.length, f.LENGTH, 2)
    .add('bgp.type', 'Type', bytes[f.TYPE], f.TYPE, 1);
  if (m.kind === 'open') {
    b.add('bgp.open.version', 'Version', m.version, f.OPEN_VERSION, 1)
      .add('bgp.open.myas', 'My AS', m.myAs, f.OPEN_MY_AS, 2)
      .add('bgp.open.holdtime', 'Hold time', m.holdTime, f.OPEN_HOLD_TIME, 2)
      .add('bgp.open.identifier', 'BGP identifier', ipv4ToString(m.bgpId), f.OPEN_BGP_ID, 4)
      .add(
        'bgp.open.opt.len',
        'Optional parameters length',
        bytes[f.OPEN_PARAMS_LEN],
        f.OPEN_PARAMS_LEN,
        1,
      );
    let at = f.OPEN_PARAMS;
    for (const p of m.params) {
      const plen = bytes[at + 1];
      if (p.kind === 'capabilities') {
        let c = at + 2;
        for (const cap of p.capabilities) {
          b.add('bgp.cap', 'Capability', capabilityText(cap), c, 2 + bytes[c + 1]);
          c += 2 + bytes[c + 1];
        }
      } else {
        b.add('bgp.open.opt.param', 'Optional parameter', `type ${p.type}`, at, 2 + plen);
      }
      at += 2 + plen;
    }
  } else if (m.kind === 'update') {
    const r = bgpUpdateRegions(bytes);
    if (typeof r === 'string') return;
    const wStart = f.UPDATE_WITHDRAWN_LEN + 2;
    b.add(
      'bgp.update.withdrawn_routes.length',
      'Withdrawn routes length',
      r.withdrawn.length,
      f.UPDATE_WITHDRAWN_LEN,
      2,
    );
    prefixFields(b, 'bgp.withdrawn_prefix', 'Withdrawn route', m.withdrawn, wStart, enc.addPath);
    b.add(
      'bgp.update.path_attributes.length',
      'Path attributes length',
      r.attributes.length,
      r.attrStart - 2,
      2,
    );
    let at = r.attrStart;
    for (const a of m.attributes) {
      const ext = (bytes[at] & BgpAttrFlag.ExtendedLength) !== 0;
      const len = ext ? 4 + ((bytes[at + 2] << 8) | bytes[at + 3]) : 3 + bytes[at + 2];
      b.add(
        `bgp.attr.${a.kind}`,
        `Path attribute ${a.kind === 'raw' ? a.type : a.kind}`,
        attrText(a),
        at,
        len,
      );
      at += len;
    }
    prefixFields(b, 'bgp.nlri_prefix', 'NLRI', m.nlri, at, enc.addPath);
  } else if (m.kind === 'notification') {
    b.add('bgp.notify.major_error', 'Error code', m.code, f.NOTIFICATION_CODE, 1).add(
      'bgp.notify.minor_error',
      'Error subcode',
      m.subcode,
      f.NOTIFICATION_SUBCODE,
      1,
    );
    if (m.data.length > 0)
      b.add('bgp.notify.data', 'Data', `${m.data.length} bytes`, 21, m.data.length);
  }
}

function capabilityText(c: BgpCapability): string {
  switch (c.kind) {
    case 'multiprotocol':
      return `multiprotocol AFI ${c.afi} SAFI ${c.safi}`;
    case 'gracefulRestart':
      return `graceful restart, time ${c.time}s`;
    case 'fourOctetAs':
      return `4-octet AS ${c.asn}`;
    case 'addPath':
      return `ADD-PATH ${c.families.map((x) => `AFI ${x.afi} SAFI ${x.safi} send/receive ${x.sendReceive}`).join('; ')}`;
    case 'raw':
      return `capability ${c.code} (${c.data.length} bytes)`;
    default:
      return c.kind;
  }
}

function attrText(a: BgpAttr): string {
  switch (a.kind) {
    case 'origin':
      return ['IGP', 'EGP', 'INCOMPLETE'][a.origin] ?? `${a.origin}`;
    case 'asPath':
      return a.segments.length === 0
        ? 'empty'
        : a.segments
            .map((s) => (s.type === 1 ? `{${s.asns.join(',')}}` : s.asns.join(' ')))
            .join(' ');
    case 'nextHop':
      return ipv4ToString(a.addr);
    case 'med':
    case 'localPref':
      return String(a.value);
    default:
      return `${a.data.length} bytes`;
  }
}

// ---------------------------------------------------------------------------------------------
// tcpdump -n one-line summaries

/** tcpdump's text for ICMP errors, keyed by code: `dst` is the quoted destination. */
const unreachText: Record<
  number,
  (dst: string, proto: number, port: number, mtu: number) => string
> = {
  [UnreachableCode.Net]: (dst) => `net ${dst} unreachable`,
  [UnreachableCode.Host]: (dst) => `host ${dst} unreachable`,
  [UnreachableCode.Protocol]: (dst, proto) => `${dst} protocol ${proto} unreachable`,
  [UnreachableCode.Port]: (dst, proto, port) =>
    `${dst} ${proto === IpProtocol.TCP ? 'tcp' : 'udp'} port ${port} unreachable`,
  [UnreachableCode.FragNeeded]: (dst, _p, _port, mtu) =>
    `${dst} unreachable - need to frag (mtu ${mtu})`,
  [UnreachableCode.AdminProhibited]: (dst) => `host ${dst} unreachable - admin prohibited filter`,
};

function icmpSummary(icmp: IcmpRepr, length: number): string {
  switch (icmp.kind) {
    case 'echoRequest':
    case 'echoReply':
      return `ICMP echo ${icmp.kind === 'echoRequest' ? 'request' : 'reply'}, id ${icmp.id}, seq ${icmp.seq}, length ${length}`;
    case 'destUnreachable': {
      const q = new Ipv4Packet(icmp.data);
      const ok = icmp.data.length >= IPV4_HEADER_LEN && q.headerLen() >= IPV4_HEADER_LEN;
      const dst = ok ? ipv4ToString(q.dst()) : '?';
      const port =
        ok && icmp.data.length >= q.headerLen() + 4
          ? new UdpPacket(icmp.data.subarray(q.headerLen())).dstPort()
          : 0;
      const text =
        unreachText[icmp.code]?.(dst, ok ? q.protocol() : 0, port, icmp.nextHopMtu) ??
        `${dst} unreachable - #${icmp.code}`;
      return `ICMP ${text}, length ${length}`;
    }
    case 'timeExceeded':
      return `ICMP ${icmp.code === 1 ? 'ip reassembly time exceeded' : 'time exceeded in-transit'}, length ${length}`;
    case 'other':
      return `ICMP type-#${icmp.type}, length ${length}`;
  }
}

/** tcpdump's flag letters, in its order. */
const tcpdumpFlags: [number, string][] = [
  [TcpFlag.FIN, 'F'],
  [TcpFlag.SYN, 'S'],
  [TcpFlag.RST, 'R'],
  [TcpFlag.PSH, 'P'],
  [TcpFlag.ACK, '.'],
  [TcpFlag.URG, 'U'],
  [TcpFlag.ECE, 'E'],
  [TcpFlag.CWR, 'W'],
];

function tcpSummary(node: Extract<FrameNode, { kind: 'tcp' }>, payloadLen: number): string {
  const t = node.tcp;
  const letters = tcpdumpFlags
    .filter(([bit]) => (t.flags & bit) !== 0)
    .map(([, c]) => c)
    .join('');
  const parts = [`Flags [${letters || 'none'}]`];
  if (payloadLen > 0) parts.push(`seq ${t.seq}:${(t.seq + payloadLen) >>> 0}`);
  else if ((t.flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) !== 0) parts.push(`seq ${t.seq}`);
  if ((t.flags & TcpFlag.ACK) !== 0) parts.push(`ack ${t.ack}`);
  parts.push(`win ${t.window}`);
  if ((t.flags & TcpFlag.URG) !== 0) parts.push(`urg ${t.urgent}`);
  if (t.options.length > 0) parts.push(`options [${t.options.map(tcpOptionText).join(',')}]`);
  parts.push(`length ${payloadLen}`);
  return parts.join(', ') + (node.payload.kind === 'bgp' ? ': BGP' : '');
}

function ipSummary(node: Extract<FrameNode, { kind: 'ipv4' }>): string {
  const src = ipv4ToString(node.ip.src);
  const dst = ipv4ToString(node.ip.dst);
  const p = node.payload;
  if (node.ip.fragOffset !== 0) return `IP ${src} > ${dst}: ip-proto-${node.ip.protocol}`;
  if (p.kind === 'raw' && node.ip.moreFrags && node.ip.protocol === IpProtocol.ICMP) {
    // a first fragment: tcpdump still prints the ICMP header it can see
    const icmp = parseIcmp(p.bytes, { verifyChecksum: false });
    if (icmp.ok) return `IP ${src} > ${dst}: ${icmpSummary(icmp.value, p.bytes.length)}`;
  }
  switch (p.kind) {
    case 'icmp':
      return `IP ${src} > ${dst}: ${icmpSummary(p.icmp, frameLen(p))}`;
    case 'udp': {
      const head = `IP ${src}.${p.udp.srcPort} > ${dst}.${p.udp.dstPort}: `;
      if (p.payload.kind !== 'vxlan') return `${head}UDP, length ${frameLen(p.payload)}`;
      const vx = p.payload.vxlan;
      const tag =
        p.udp.dstPort === UdpPort.VxlanLinux
          ? `OTV, flags [I] (${hex(vx.flags, 2)}), overlay 0, instance ${vx.vni}`
          : `VXLAN, flags [I] (${hex(vx.flags, 2)}), vni ${vx.vni}`;
      return `${head}${tag}\n${nodeSummary(p.payload.payload, 0)}`;
    }
    case 'tcp':
      return `IP ${src}.${p.tcp.srcPort} > ${dst}.${p.tcp.dstPort}: ${tcpSummary(p, frameLen(p.payload))}`;
    default:
      return `IP ${src} > ${dst}: ip-proto-${node.ip.protocol} ${frameLen(p)}`;
  }
}

function arpSummary(arp: ArpRepr, length: number): string {
  const spa = ipv4ToString(arp.senderIp);
  const tpa = ipv4ToString(arp.targetIp);
  if (arp.operation === ArpOperation.Request) {
    return `ARP, Request who-has ${tpa} tell ${spa}, length ${length}`;
  }
  if (arp.operation === ArpOperation.Reply) {
    return `ARP, Reply ${spa} is-at ${macToString(arp.senderMac)}, length ${length}`;
  }
  return `ARP, Unknown opcode (${arp.operation}), length ${length}`;
}

/** Summary of `node`; `length` is the byte count of the enclosing Ethernet payload. */
function nodeSummary(node: FrameNode, length: number): string {
  switch (node.kind) {
    case 'ethernet':
      if (node.payload.kind === 'raw' && node.payload.error === undefined) {
        return `ethertype ${hex(node.eth.ethertype, 4)}, length ${frameLen(node)}`;
      }
      return nodeSummary(node.payload, frameLen(node) - ETHERNET_HEADER_LEN);
    case 'arp':
      return arpSummary(node.arp, length);
    case 'ipv4':
      return ipSummary(node);
    case 'raw':
      return node.error === undefined
        ? `${node.bytes.length} bytes`
        : `[|${node.error.layer}] ${node.error.reason}`;
    default:
      return node.kind;
  }
}

/**
 * One-line `tcpdump -n` summary, e.g. `IP 10.244.1.2 > 10.244.2.2: ICMP echo request, id 1,
 * seq 1, length 64` or `ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28`. A VXLAN frame
 * gets a second line for the inner frame, as tcpdump prints it.
 */
export function summarize(frame: Uint8Array, linktype: Linktype): string {
  return nodeSummary(parseFrame(frame, linktype), frame.length);
}
