/// <reference types="node" />
/**
 * The lab's bytes as Wireshark sees them: frames built from reprs are written to pcap files and
 * decoded by tshark with checksum validation on. Needs /usr/bin/tshark (apt-get install tshark).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArpOperation, arpRepr } from './arp';
import { BgpAttrFlag, type BgpMessage } from './bgp';
import { MAC_BROADCAST } from './bytes';
import { EtherType } from './ethernet';
import { ip, mac } from './fixtures/corpus-util';
import { emitFrame, type FrameNode, type Ipv4Header, type TcpHeader } from './frame';
import { pingPayload } from './icmp';
import { fragment, IpProtocol } from './ipv4';
import { LinkType, PcapWriter } from './pcap';
import { TcpFlag } from './tcp';

const TSHARK = '/usr/bin/tshark';
const A = { mac: mac('02:42:ac:11:00:02'), ip: ip('172.17.0.2') };
const B = { mac: mac('02:42:ac:11:00:03'), ip: ip('172.17.0.3') };

const ipv4 = (
  src: number,
  dst: number,
  protocol: number,
  payload: FrameNode,
  more: Partial<Ipv4Header> = {},
): FrameNode => ({
  kind: 'ipv4',
  ip: {
    tos: 0,
    ident: 1,
    dontFrag: true,
    moreFrags: false,
    fragOffset: 0,
    ttl: 64,
    protocol,
    src,
    dst,
    options: new Uint8Array(0),
    ...more,
  },
  payload,
});
const eth = (
  src: number,
  dst: number,
  payload: FrameNode,
  ethertype: number = EtherType.IPv4,
): FrameNode => ({
  kind: 'ethernet',
  eth: { src, dst, ethertype },
  payload,
  trailer: new Uint8Array(0),
});
const echo = (id: number, seq: number): FrameNode => ({
  kind: 'icmp',
  icmp: { kind: 'echoRequest', id, seq, data: pingPayload(seq * 1e6) },
});
const raw = (bytes: Uint8Array): FrameNode => ({ kind: 'raw', bytes });

/** A TCP conversation A:40000 -> B:port with consistent sequence numbers. */
function conversation(port: number, payloads: FrameNode[]): FrameNode[] {
  const isn = [1000, 5000];
  const seg = (
    fromA: boolean,
    flags: number,
    seq: number,
    ack: number,
    payload: FrameNode,
    options: TcpHeader['options'] = [],
  ) => {
    const [s, d] = fromA ? [A, B] : [B, A];
    const tcp: TcpHeader = {
      srcPort: fromA ? 40000 : port,
      dstPort: fromA ? port : 40000,
      seq,
      ack,
      flags,
      window: 502,
      urgent: 0,
      options,
    };
    return eth(s.mac, d.mac, ipv4(s.ip, d.ip, IpProtocol.TCP, { kind: 'tcp', tcp, payload }));
  };
  const syn: TcpHeader['options'] = [
    { kind: 'mss', value: 1460 },
    { kind: 'sackPermitted' },
    { kind: 'timestamps', value: 1, echo: 0 },
    { kind: 'nop' },
    { kind: 'windowScale', shift: 7 },
  ];
  const out = [
    seg(true, TcpFlag.SYN, isn[0], 0, raw(new Uint8Array(0)), syn),
    seg(false, TcpFlag.SYN | TcpFlag.ACK, isn[1], isn[0] + 1, raw(new Uint8Array(0)), syn),
  ];
  let seq = isn[0] + 1;
  out.push(seg(true, TcpFlag.ACK, seq, isn[1] + 1, raw(new Uint8Array(0))));
  for (const p of payloads) {
    const len = emitFrame(p).length;
    out.push(seg(true, TcpFlag.PSH | TcpFlag.ACK, seq, isn[1] + 1, p));
    seq += len;
    out.push(seg(false, TcpFlag.ACK, isn[1] + 1, seq, raw(new Uint8Array(0))));
  }
  out.push(seg(true, TcpFlag.FIN | TcpFlag.ACK, seq, isn[1] + 1, raw(new Uint8Array(0))));
  out.push(seg(false, TcpFlag.RST | TcpFlag.ACK, isn[1] + 1, seq + 1, raw(new Uint8Array(0))));
  return out;
}

const T = BgpAttrFlag.Transitive;
const BGP: BgpMessage[] = [
  {
    kind: 'open',
    version: 4,
    myAs: 64512,
    holdTime: 240,
    bgpId: A.ip,
    params: [
      {
        kind: 'capabilities',
        capabilities: [
          { kind: 'multiprotocol', afi: 1, safi: 1 },
          { kind: 'fourOctetAs', asn: 64512 },
        ],
      },
    ],
  },
  { kind: 'keepalive' },
  {
    kind: 'update',
    withdrawn: [],
    attributes: [
      { flags: T, kind: 'origin', origin: 0 },
      { flags: T, kind: 'asPath', segments: [{ type: 2, asns: [64512, 65001] }] },
      { flags: T, kind: 'nextHop', addr: A.ip },
      { flags: T, kind: 'localPref', value: 100 },
    ],
    nlri: [{ addr: ip('10.233.1.0'), len: 26 }],
  },
];

function frames(): { ethernet: Uint8Array[]; raw: Uint8Array[] } {
  const node1 = { mac: mac('86:c0:8a:f6:29:d4'), ip: ip('10.168.0.2') };
  const node2 = { mac: mac('22:10:b1:aa:44:5c'), ip: ip('10.168.0.3') };
  const inner = eth(
    mac('9e:e5:c8:4a:c1:f0'),
    mac('6a:40:f2:c7:01:b0'),
    ipv4(ip('10.244.1.2'), ip('10.244.2.2'), IpProtocol.ICMP, echo(7, 1)),
  );
  const vxlan: FrameNode = { kind: 'vxlan', vxlan: { flags: 0x08, vni: 1 }, payload: inner };
  const outer = (udp: FrameNode) =>
    eth(node1.mac, node2.mac, ipv4(node1.ip, node2.ip, IpProtocol.UDP, udp));
  const flannelInner = ipv4(ip('10.244.1.2'), ip('10.244.2.2'), IpProtocol.ICMP, echo(8, 1));
  const udp = (
    srcPort: number,
    dstPort: number,
    payload: FrameNode,
    checksum: 'full' | 'none' = 'full',
  ): FrameNode => ({ kind: 'udp', udp: { srcPort, dstPort, checksum }, payload });
  const bigPayload = emitFrame({
    kind: 'icmp',
    icmp: { kind: 'echoRequest', id: 9, seq: 2, data: new Uint8Array(2000).fill(0x42) },
  });
  const bigPacket = emitFrame(
    ipv4(A.ip, B.ip, IpProtocol.ICMP, raw(bigPayload), { ident: 78, dontFrag: false }),
  );
  const frags = fragment(bigPacket, 1500);
  if (!frags.ok) throw new Error(frags.error.reason);
  const ethernet = [
    eth(
      A.mac,
      MAC_BROADCAST,
      { kind: 'arp', arp: arpRepr(ArpOperation.Request, A.mac, A.ip, 0, B.ip) },
      EtherType.ARP,
    ),
    eth(
      B.mac,
      A.mac,
      { kind: 'arp', arp: arpRepr(ArpOperation.Reply, B.mac, B.ip, A.mac, A.ip) },
      EtherType.ARP,
    ),
    eth(A.mac, B.mac, ipv4(A.ip, B.ip, IpProtocol.ICMP, echo(1, 1))),
    eth(A.mac, B.mac, ipv4(A.ip, B.ip, IpProtocol.UDP, udp(33439, 33434, raw(new Uint8Array(32))))),
    outer(udp(55565, 8472, vxlan, 'none')),
    outer(udp(8285, 8285, flannelInner)),
    ...conversation(80, [raw(new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n'))]),
    ...conversation(
      179,
      BGP.map(
        (m) =>
          ({ kind: 'bgp', messages: [m], encoding: { as4: true, addPath: false } }) as FrameNode,
      ),
    ),
  ].map(emitFrame);
  for (const f of frags.value) ethernet.push(emitFrame(eth(A.mac, B.mac, raw(f))));
  return {
    ethernet,
    raw: [
      emitFrame(flannelInner),
      emitFrame(ipv4(A.ip, B.ip, IpProtocol.UDP, udp(1, 2, raw(Uint8Array.of(9))))),
    ],
  };
}

const FIELDS = [
  'frame.protocols',
  'ip.checksum.status',
  'udp.checksum.status',
  'tcp.checksum.status',
  'icmp.checksum.status',
  'vxlan.vni',
  'bgp.type',
  '_ws.expert.severity',
  '_ws.malformed',
];

function tshark(file: string): string[][] {
  const args = [
    '-r',
    file,
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'udp.check_checksum:TRUE',
    '-o',
    'tcp.check_checksum:TRUE',
  ];
  args.push('-d', 'udp.port==8472,vxlan', '-T', 'fields', '-E', 'separator=|');
  for (const f of FIELDS) args.push('-e', f);
  const out = execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .trimEnd()
    .split('\n')
    .map((l) => l.split('|'));
}

describe('tshark reads what the lab writes', () => {
  it('decodes every frame with good checksums and no errors', () => {
    if (!existsSync(TSHARK)) {
      throw new Error(
        `${TSHARK} is missing: run \`apt-get install tshark\` (this test must not be skipped)`,
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'cnlab-wire-'));
    const { ethernet, raw: rawFrames } = frames();
    const write = (name: string, linktype: number, list: Uint8Array[]) => {
      const w = new PcapWriter(linktype);
      for (const [i, f] of list.entries()) w.write(1_700_000_000_000_000 + i * 1000, f);
      writeFileSync(join(dir, name), w.bytes());
      return join(dir, name);
    };
    const rows = [
      ...tshark(write('eth.pcap', LinkType.Ethernet, ethernet)),
      ...tshark(write('tun.pcap', LinkType.Raw, rawFrames)),
    ];
    expect(rows).toHaveLength(ethernet.length + rawFrames.length);
    const ERROR = 0x00800000;
    for (const [protocols, ipS, udpS, tcpS, icmpS, , , severity, malformed] of rows) {
      const context = `${protocols}: ${severity}`;
      expect(malformed, context).toBe('');
      expect(
        severity.split(',').filter((s) => Number(s) >= ERROR),
        context,
      ).toEqual([]);
      for (const status of [ipS, tcpS, icmpS].flatMap((s) => (s === '' ? [] : s.split(','))))
        expect(status, context).toBe('1');
      // 3 = "not present": the outer UDP of VXLAN carries checksum 0, as Linux sends it
      for (const status of udpS.split(',').filter((s) => s !== ''))
        expect(status, context).toBe(protocols.includes('vxlan') ? '3' : '1');
    }
    const protocols = rows.map((r) => r[0]);
    expect(protocols.filter((p) => p.includes(':vxlan:eth:ethertype:ip:icmp'))).toHaveLength(1);
    expect(protocols.filter((p) => p.includes(':udp:ip:icmp'))).toHaveLength(0); // 8285 is not decoded by tshark
    expect(rows.map((r) => r[6]).filter((t) => t !== '')).toEqual(['1', '4', '2']); // OPEN, KEEPALIVE, UPDATE
    expect(protocols.filter((p) => p.endsWith(':arp'))).toHaveLength(2);
    expect(protocols.some((p) => p.includes('http'))).toBe(true);
    expect(protocols[protocols.length - 2]).toBe('raw:ip:icmp:data');
  });
});
