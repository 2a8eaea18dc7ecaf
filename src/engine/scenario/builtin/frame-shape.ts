/**
 * Test support: a frame reduced to what must match the reference capture. Random values are
 * replaced by placeholders — MACs other than the deterministic ones, IP ids, ICMP echo ids and
 * ping's timestamp, the VXLAN outer UDP source port (checked to lie in 32768–60999) — and
 * everything else is kept: layers, lengths, ttl, DF, protocols, addresses, ports, VNI, flags.
 */
import { decodeStack, type FrameNode, type Linktype, macToString, parseFrame } from '../../wire';
import type { MacAddr } from '../../wire/bytes';

/** Ping's payload starts with a 16-byte struct timeval. */
const PING_TIMESTAMP_LEN = 16;

export function frameShape(
  bytes: Uint8Array,
  linktype: Linktype,
  fixedMacs: readonly string[],
): unknown {
  const fixed = new Set(fixedMacs.map((m) => m.toLowerCase()));
  const mac = (m: MacAddr) => {
    const text = macToString(m);
    return fixed.has(text) || text === 'ff:ff:ff:ff:ff:ff' || text === '00:00:00:00:00:00'
      ? text
      : 'random';
  };
  const walk = (n: FrameNode): unknown[] => {
    switch (n.kind) {
      case 'ethernet':
        return [
          {
            ethernet: {
              dst: mac(n.eth.dst),
              src: mac(n.eth.src),
              type: n.eth.ethertype,
              trailer: n.trailer.length,
            },
          },
          ...walk(n.payload),
        ];
      case 'arp':
        return [
          { arp: { ...n.arp, senderMac: mac(n.arp.senderMac), targetMac: mac(n.arp.targetMac) } },
        ];
      case 'ipv4':
        return [
          { ipv4: { ...n.ip, ident: 'id', options: n.ip.options.length } },
          ...walk(n.payload),
        ];
      case 'icmp': {
        const i = n.icmp;
        if (i.kind === 'echoRequest' || i.kind === 'echoReply') {
          return [
            {
              icmp: {
                kind: i.kind,
                seq: i.seq,
                id: 'id',
                dataLen: i.data.length,
                pattern: [...i.data.subarray(PING_TIMESTAMP_LEN)].join(','),
              },
            },
          ];
        }
        return [{ icmp: { kind: i.kind, dataLen: i.data.length } }];
      }
      case 'udp': {
        const vxlan = n.payload.kind === 'vxlan';
        const inRange = n.udp.srcPort >= 32768 && n.udp.srcPort <= 60999;
        return [
          {
            udp: {
              ...n.udp,
              checksum: 'any',
              srcPort: vxlan ? (inRange ? 'flow-hash' : n.udp.srcPort) : n.udp.srcPort,
            },
          },
          ...walk(n.payload),
        ];
      }
      case 'vxlan':
        return [{ vxlan: n.vxlan }, ...walk(n.payload)];
      case 'tcp':
        return [{ tcp: { dstPort: n.tcp.dstPort } }, ...walk(n.payload)];
      case 'bgp':
        return [{ bgp: n.messages.length }];
      case 'raw':
        return [{ raw: n.bytes.length, error: n.error?.reason }];
    }
  };
  return { length: bytes.length, layers: walk(parseFrame(bytes, linktype)) };
}

/** Layer names and lengths as decodeStack reports them ("Ethernet II" 14, "IPv4" 20, …). */
export function layerNames(bytes: Uint8Array, linktype: Linktype): string[] {
  return decodeStack(bytes, linktype).map((l) => `${l.name}/${l.length}`);
}

/** Every checksum field decodeStack reports, with its status (`good`, `bad`, …). */
export function checksumStatuses(bytes: Uint8Array, linktype: Linktype): string[] {
  return decodeStack(bytes, linktype).flatMap((l) =>
    l.fields.filter((f) => f.name.endsWith('checksum.status')).map((f) => `${f.name}=${f.value}`),
  );
}
