import { describe, expect, it } from 'vitest';
import { corpusBytes, filled, ip, unwrap } from './fixtures/corpus-util';
import {
  emitIpv4,
  emitIpv4At,
  fragment,
  IpProtocol,
  Ipv4Packet,
  type Ipv4Repr,
  ipv4BufferLen,
  parseIpv4,
  parseIpv4At,
  Reassembler,
} from './ipv4';

// docker0: c1 pings c2, IP header of the echo request
const PACKET = corpusBytes('docker0/c1__eth0#3').subarray(14);
const HEADER = PACKET.subarray(0, 20);
const REPR: Ipv4Repr = {
  tos: 0,
  ident: 0x24bd,
  dontFrag: true,
  moreFrags: false,
  fragOffset: 0,
  ttl: 64,
  protocol: IpProtocol.ICMP,
  src: ip('172.17.0.2'),
  dst: ip('172.17.0.3'),
  options: new Uint8Array(0),
  payloadLen: 64,
};

describe('ipv4', () => {
  it('deconstructs', () => {
    const p = new Ipv4Packet(PACKET);
    expect([p.version(), p.headerLen(), p.tos(), p.totalLen(), p.ident()]).toEqual([
      4, 20, 0, 84, 0x24bd,
    ]);
    expect([p.dontFrag(), p.moreFrags(), p.fragOffset(), p.ttl(), p.protocol()]).toEqual([
      true,
      false,
      0,
      64,
      1,
    ]);
    expect(p.checksum()).toBe(0xbdc4);
    expect([p.src(), p.dst()]).toEqual([REPR.src, REPR.dst]);
    expect(p.verifyChecksum()).toBe(true);
  });
  it('constructs', () => {
    const buf = filled(20);
    const p = new Ipv4Packet(buf);
    p.setVersionAndHeaderLen(20);
    p.setTos(0);
    p.setTotalLen(84);
    p.setIdent(0x24bd);
    p.setFlagsAndOffset(true, false, 0);
    p.setTtl(64);
    p.setProtocol(1);
    p.setSrc(REPR.src);
    p.setDst(REPR.dst);
    p.fillChecksum();
    expect(buf).toEqual(HEADER);
  });
  it('parses', () => {
    expect(unwrap(parseIpv4(PACKET))).toEqual(REPR);
  });
  it('emits and round-trips, options included', () => {
    const buf = filled(20);
    emitIpv4(REPR, buf);
    expect(buf).toEqual(HEADER);
    const withOptions = { ...REPR, options: Uint8Array.of(0x94, 4, 0, 0), payloadLen: 4 }; // router alert
    const out = new Uint8Array(ipv4BufferLen(withOptions));
    emitIpv4(withOptions, out);
    expect(unwrap(parseIpv4(out))).toEqual(withOptions);
  });
  it('parses and emits at an offset exactly as on a view (the kernel path skips the view)', () => {
    const frame = corpusBytes('docker0/c1__eth0#3');
    expect(unwrap(parseIpv4At(frame, 14))).toEqual(REPR);
    const bad = frame.slice();
    bad[14 + 10] ^= 1;
    expect(parseIpv4At(bad, 14)).toEqual(parseIpv4(bad.subarray(14)));
    expect(parseIpv4At(bad, 14, false).ok).toBe(true);
    expect(parseIpv4At(frame.subarray(0, 14 + 60), 14)).toEqual(parseIpv4(PACKET.subarray(0, 60)));
    const out = filled(14 + 20);
    emitIpv4At(REPR, out, 14);
    expect(out.subarray(14)).toEqual(HEADER);
    expect(out.subarray(0, 14)).toEqual(filled(14));
    const withOptions = { ...REPR, options: Uint8Array.of(0x94, 4, 0, 0), payloadLen: 4 };
    const framed = new Uint8Array(14 + ipv4BufferLen(withOptions));
    emitIpv4At(withOptions, framed, 14);
    expect(unwrap(parseIpv4At(framed, 14))).toEqual(withOptions);
  });
  it('reports malformed headers as values', () => {
    const bad = PACKET.slice();
    bad[10] ^= 1;
    expect(parseIpv4(bad)).toEqual({
      ok: false,
      error: { layer: 'ipv4', reason: 'bad header checksum' },
    });
    expect(parseIpv4(bad, { verifyChecksum: false }).ok).toBe(true);
    expect(parseIpv4(PACKET.subarray(0, 60)).ok).toBe(false); // total length 84
    const v6 = PACKET.slice();
    v6[0] = 0x65;
    expect(parseIpv4(v6, { verifyChecksum: false })).toMatchObject({
      ok: false,
      error: { reason: 'version 6 is not 4' },
    });
  });
});

describe('fragmentation and reassembly', () => {
  // the real fragments of a 2000-byte ping at MTU 1450 (flannel-vxlan pod1 eth0)
  const first = corpusBytes('flannel-vxlan/pod1__eth0#58').subarray(14);
  const second = corpusBytes('flannel-vxlan/pod1__eth0#59').subarray(14);

  it('reassembles the captured fragments and refragments them byte for byte as Linux did', () => {
    const r = new Reassembler();
    expect(unwrap(r.push(first, 0))).toBeUndefined();
    const whole = unwrap(r.push(second, 10));
    if (whole === undefined) throw new Error('not reassembled');
    expect(whole.length).toBe(2028);
    expect(r.size).toBe(0);
    const ipr = unwrap(parseIpv4(whole));
    expect([ipr.moreFrags, ipr.fragOffset, ipr.payloadLen, ipr.ident]).toEqual([
      false,
      0,
      2008,
      0xff67,
    ]);
    expect(unwrap(fragment(whole, 1450))).toEqual([first, second]);
  });
  it('accepts fragments in any order and ignores duplicates', () => {
    const r = new Reassembler();
    expect(unwrap(r.push(second, 0))).toBeUndefined();
    expect(unwrap(r.push(second, 1))).toBeUndefined();
    expect(unwrap(r.push(first, 2))?.length).toBe(2028);
  });
  it('times out on the virtual clock and reports the first fragment', () => {
    const r = new Reassembler(30_000_000);
    r.push(first, 5);
    expect(r.expire(30_000_004)).toEqual([]);
    const expired = r.expire(30_000_005);
    expect(expired).toHaveLength(1);
    expect(expired[0].first).toEqual(first.subarray(0, 20));
    expect(r.size).toBe(0);
  });
  it('drops the queue on overlapping fragments', () => {
    const r = new Reassembler();
    const whole = new Uint8Array(2028);
    emitIpv4({ ...REPR, dontFrag: false, payloadLen: 2008 }, whole);
    const [a, b] = unwrap(fragment(whole, 1000));
    const shifted = b.slice();
    new Ipv4Packet(shifted).setFlagsAndOffset(false, true, 968);
    new Ipv4Packet(shifted).fillChecksum();
    r.push(a, 0);
    expect(r.push(shifted, 1)).toEqual({
      ok: false,
      error: { layer: 'ipv4', reason: 'overlapping fragments' },
    });
    expect(r.size).toBe(0);
  });
  it('splits at 8-byte boundaries with the same id and refuses DF', () => {
    const whole = new Uint8Array(20 + 3000);
    emitIpv4({ ...REPR, dontFrag: false, payloadLen: 3000 }, whole);
    const frags = unwrap(fragment(whole, 1500)).map((f) => unwrap(parseIpv4(f)));
    expect(frags.map((f) => [f.fragOffset, f.payloadLen, f.moreFrags, f.ident])).toEqual([
      [0, 1480, true, 0x24bd],
      [1480, 1480, true, 0x24bd],
      [2960, 40, false, 0x24bd],
    ]);
    emitIpv4({ ...REPR, payloadLen: 3000 }, whole);
    expect(fragment(whole, 1500)).toEqual({
      ok: false,
      error: { layer: 'ipv4', reason: 'DF set and length 3020 exceeds mtu 1500' },
    });
    expect(unwrap(fragment(PACKET, 1500))).toEqual([PACKET]);
  });
});
