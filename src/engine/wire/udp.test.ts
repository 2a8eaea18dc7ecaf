import { describe, expect, it } from 'vitest';
import { corpusBytes, filled, ip, unwrap, withU16 } from './fixtures/corpus-util';
import { emitUdp, parseUdp, UdpPacket, type UdpRepr, udpChecksumStatus } from './udp';

// flannel UDP backend: node1 -> node2, 8285 -> 8285, the bare 84-byte inner IPv4 packet
const CAPTURED = corpusBytes('flannel-udp/node1__eth0#3').subarray(34);
const SRC = ip('10.168.0.2');
const DST = ip('10.168.0.3');
// tcpdump: "[bad udp cksum 0x15c2 -> 0xa927!]": the capture holds the offload partial sum
const DATAGRAM = withU16(CAPTURED, 6, 0xa927);
const REPR: UdpRepr = { srcPort: 8285, dstPort: 8285, payloadLen: 84, checksum: 'full' };

describe('udp', () => {
  it('deconstructs', () => {
    const p = new UdpPacket(CAPTURED);
    expect([p.srcPort(), p.dstPort(), p.length(), p.checksum()]).toEqual([8285, 8285, 92, 0x15c2]);
    expect(p.verifyChecksum(SRC, DST)).toBe(false);
    expect(udpChecksumStatus(DATAGRAM, SRC, DST)).toBe('good');
  });
  it('constructs', () => {
    const buf = filled(92);
    buf.set(DATAGRAM.subarray(8), 8);
    const p = new UdpPacket(buf);
    p.setSrcPort(8285);
    p.setDstPort(8285);
    p.setLength(92);
    p.fillChecksum(SRC, DST);
    expect(buf).toEqual(DATAGRAM);
  });
  it('parses (the captured partial sum only without verification)', () => {
    expect(unwrap(parseUdp(DATAGRAM, SRC, DST))).toEqual(REPR);
    expect(parseUdp(CAPTURED, SRC, DST)).toEqual({
      ok: false,
      error: { layer: 'udp', reason: 'bad checksum' },
    });
    expect(unwrap(parseUdp(CAPTURED, SRC, DST, { verifyChecksum: false }))).toEqual(REPR);
  });
  it('emits the full checksum and round-trips', () => {
    const buf = filled(92);
    buf.set(CAPTURED.subarray(8), 8);
    emitUdp(REPR, buf, SRC, DST);
    expect(buf).toEqual(DATAGRAM);
    expect(unwrap(parseUdp(buf, SRC, DST))).toEqual(REPR);
  });
  it('writes 0 for "no checksum" (Linux VXLAN) and 0xffff for a computed zero', () => {
    const none: UdpRepr = { ...REPR, checksum: 'none' };
    const buf = DATAGRAM.slice();
    emitUdp(none, buf, SRC, DST);
    expect(new UdpPacket(buf).checksum()).toBe(0);
    expect(unwrap(parseUdp(buf, SRC, DST))).toEqual(none);
    const zero = new Uint8Array(8);
    // choose ports so the sum is 0xffff: the complement would be 0 and is sent as 0xffff
    emitUdp(
      { srcPort: 0, dstPort: 0xffff - 8 - 8 - 17, payloadLen: 0, checksum: 'full' },
      zero,
      0,
      0,
    );
    expect(new UdpPacket(zero).checksum()).toBe(0xffff);
    expect(unwrap(parseUdp(zero, 0, 0)).checksum).toBe('full');
  });
  it('reports bad lengths', () => {
    expect(parseUdp(withU16(DATAGRAM, 4, 7), SRC, DST, { verifyChecksum: false }).ok).toBe(false);
    expect(parseUdp(withU16(DATAGRAM, 4, 93), SRC, DST, { verifyChecksum: false }).ok).toBe(false);
  });
});
