import { describe, expect, it } from 'vitest';
import { corpusBytes, filled, ip, unwrap, withU16 } from './fixtures/corpus-util';
import {
  emitTcp,
  parseTcp,
  parseTcpOptions,
  TcpFlag,
  TcpPacket,
  type TcpRepr,
  tcpBufferLen,
} from './tcp';

// BIRD's SYN to port 179; tcpdump: "cksum 0x1583 (incorrect -> 0x97f7)" (offload partial sum)
const CAPTURED = corpusBytes('calico/node1__eth0__bgp#1').subarray(34);
const SEGMENT = withU16(CAPTURED, 16, 0x97f7);
const SRC = ip('10.168.0.3');
const DST = ip('10.168.0.2');
const REPR: TcpRepr = {
  srcPort: 47065,
  dstPort: 179,
  seq: 2564287606,
  ack: 0,
  flags: TcpFlag.SYN,
  window: 64240,
  urgent: 0,
  options: [
    { kind: 'mss', value: 1460 },
    { kind: 'sackPermitted' },
    { kind: 'timestamps', value: 2515389431, echo: 0 },
    { kind: 'nop' },
    { kind: 'windowScale', shift: 10 },
  ],
  payloadLen: 0,
};

describe('tcp', () => {
  it('deconstructs', () => {
    const p = new TcpPacket(CAPTURED);
    expect([p.srcPort(), p.dstPort(), p.seq(), p.ack(), p.headerLen(), p.flags()]).toEqual([
      47065, 179, 2564287606, 0, 40, 2,
    ]);
    expect([p.window(), p.checksum(), p.urgent(), p.payload().length]).toEqual([
      64240, 0x1583, 0, 0,
    ]);
    expect(p.verifyChecksum(SRC, DST)).toBe(false);
    expect(new TcpPacket(SEGMENT).verifyChecksum(SRC, DST)).toBe(true);
  });
  it('constructs', () => {
    const buf = filled(40);
    buf.set(SEGMENT.subarray(20), 20); // options bytes
    const p = new TcpPacket(buf);
    p.setSrcPort(47065);
    p.setDstPort(179);
    p.setSeq(2564287606);
    p.setAck(0);
    p.setHeaderLenAndFlags(40, TcpFlag.SYN);
    p.setWindow(64240);
    p.setUrgent(0);
    p.fillChecksum(SRC, DST);
    expect(buf).toEqual(SEGMENT);
  });
  it('parses', () => {
    expect(unwrap(parseTcp(SEGMENT, SRC, DST))).toEqual(REPR);
    expect(parseTcp(CAPTURED, SRC, DST)).toEqual({
      ok: false,
      error: { layer: 'tcp', reason: 'bad checksum' },
    });
  });
  it('emits and round-trips every captured segment shape', () => {
    const buf = filled(tcpBufferLen(REPR));
    emitTcp(REPR, buf, SRC, DST);
    expect(buf).toEqual(SEGMENT);
    for (const id of ['#2', '#3', '#4', '#26', '#30']) {
      const bytes = corpusBytes(`calico/node1__eth0__bgp${id}`).subarray(34);
      const [s, d] = id === '#2' ? [DST, SRC] : [SRC, DST];
      const repr = unwrap(parseTcp(bytes, s, d, { verifyChecksum: false }));
      const out = bytes.slice();
      emitTcp(repr, out, s, d);
      expect(withU16(out, 16, 0)).toEqual(withU16(bytes, 16, 0));
      expect(unwrap(parseTcp(out, s, d))).toEqual(repr);
    }
  });
  it('keeps SACK, EOL and unknown options; rejects bad option lengths', () => {
    const repr: TcpRepr = {
      ...REPR,
      flags: TcpFlag.ACK | TcpFlag.PSH | TcpFlag.FIN | TcpFlag.RST,
      options: [
        { kind: 'sack', blocks: [[1, 2]] },
        { kind: 'unknown', type: 30, data: Uint8Array.of(7) },
        { kind: 'eol' },
      ],
      payloadLen: 3,
    };
    const buf = new Uint8Array(tcpBufferLen(repr));
    buf.set([1, 2, 3], buf.length - 3);
    emitTcp(repr, buf, SRC, DST);
    expect(unwrap(parseTcp(buf, SRC, DST))).toEqual(repr);
    expect(parseTcpOptions(Uint8Array.of(2, 5, 0, 0, 0)).ok).toBe(false);
    expect(parseTcpOptions(Uint8Array.of(8, 1)).ok).toBe(false);
  });
});
