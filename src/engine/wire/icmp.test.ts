import { describe, expect, it } from 'vitest';
import { corpusBytes, filled, unwrap } from './fixtures/corpus-util';
import {
  emitIcmp,
  IcmpPacket,
  type IcmpRepr,
  icmpBufferLen,
  icmpQuote,
  parseIcmp,
  pingPayload,
  UnreachableCode,
} from './icmp';

const ECHO = corpusBytes('docker0/c1__eth0#3').subarray(34);
const FRAG_NEEDED = corpusBytes('flannel-vxlan/pod1__eth0__mtu_mismatch#2').subarray(34);
const TTL_EXCEEDED = corpusBytes('docker0/c1__eth0#23').subarray(34);
// the captured ping was sent at 1796020028 s + 120161 us (Linux ping's struct timeval)
const SENT_AT = 1_796_020_028 * 1e6 + 120_161;

describe('icmp', () => {
  it('deconstructs an echo request', () => {
    const p = new IcmpPacket(ECHO);
    expect([p.type(), p.code(), p.checksum(), p.echoId(), p.echoSeq()]).toEqual([
      8, 0, 0x172d, 0x75a7, 1,
    ]);
    expect(p.data().length).toBe(56);
    expect(p.verifyChecksum()).toBe(true);
  });
  it('constructs an echo request with the Linux ping payload', () => {
    expect(ECHO.subarray(8)).toEqual(pingPayload(SENT_AT));
    const buf = filled(64);
    const p = new IcmpPacket(buf);
    p.setType(8);
    p.setCode(0);
    p.setEchoId(0x75a7);
    p.setEchoSeq(1);
    buf.set(pingPayload(SENT_AT), 8);
    p.fillChecksum();
    expect(buf).toEqual(ECHO);
  });
  it('parses echo, frag needed and time exceeded', () => {
    expect(unwrap(parseIcmp(ECHO))).toEqual({
      kind: 'echoRequest',
      id: 0x75a7,
      seq: 1,
      data: pingPayload(SENT_AT),
    });
    const fn = unwrap(parseIcmp(FRAG_NEEDED));
    expect(fn).toMatchObject({
      kind: 'destUnreachable',
      code: UnreachableCode.FragNeeded,
      nextHopMtu: 1450,
    });
    expect(fn.data.length).toBe(548); // Linux quotes up to 576 bytes of reply, not header + 8
    expect(unwrap(parseIcmp(TTL_EXCEEDED))).toMatchObject({ kind: 'timeExceeded', code: 0 });
  });
  it('emits byte for byte and round-trips', () => {
    for (const bytes of [ECHO, FRAG_NEEDED, TTL_EXCEEDED]) {
      const repr = unwrap(parseIcmp(bytes));
      const buf = filled(icmpBufferLen(repr));
      emitIcmp(repr, buf);
      expect(buf).toEqual(bytes);
      expect(unwrap(parseIcmp(buf))).toEqual(repr);
    }
  });
  it('keeps other types and non-zero unused bytes raw', () => {
    const repr: IcmpRepr = {
      kind: 'other',
      type: 5,
      code: 1,
      rest: 0x0a000001,
      data: Uint8Array.of(1, 2),
    };
    const buf = new Uint8Array(icmpBufferLen(repr));
    emitIcmp(repr, buf);
    expect(unwrap(parseIcmp(buf))).toEqual(repr);
    const odd: IcmpRepr = {
      kind: 'other',
      type: 3,
      code: 1,
      rest: 0x01000000,
      data: new Uint8Array(0),
    };
    emitIcmp(odd, buf.subarray(0, 8));
    expect(unwrap(parseIcmp(buf.subarray(0, 8)))).toEqual(odd);
    expect(parseIcmp(ECHO.subarray(0, 7)).ok).toBe(false);
    expect(icmpQuote(new Uint8Array(1500)).length).toBe(548);
  });
});
