import { describe, expect, it } from 'vitest';
import { ARP_PACKET_LEN, ArpOperation, ArpPacket, arpRepr, emitArp, parseArp } from './arp';
import { MAC_BROADCAST } from './bytes';
import { corpusBytes, filled, ip, mac, unwrap } from './fixtures/corpus-util';

// calico: the pod asks for its gateway 169.254.1.1; proxy ARP answers with ee:ee:ee:ee:ee:ee
const REQUEST = corpusBytes('calico/pod1__eth0__static#1').subarray(14);
const REPLY = corpusBytes('calico/pod1__eth0__static#2').subarray(14);
const POD = mac('c2:90:18:17:33:c4');
const REQUEST_REPR = arpRepr(ArpOperation.Request, POD, ip('10.233.1.2'), 0, ip('169.254.1.1'));
const REPLY_REPR = arpRepr(
  ArpOperation.Reply,
  mac('ee:ee:ee:ee:ee:ee'),
  ip('169.254.1.1'),
  POD,
  ip('10.233.1.2'),
);

describe('arp', () => {
  it('deconstructs', () => {
    const p = new ArpPacket(REQUEST);
    expect([p.hardwareType(), p.protocolType(), p.hardwareLen(), p.protocolLen()]).toEqual([
      1, 0x0800, 6, 4,
    ]);
    expect(p.operation()).toBe(ArpOperation.Request);
    expect(p.senderMac()).toBe(POD);
    expect(p.senderIp()).toBe(ip('10.233.1.2'));
    expect(p.targetMac()).toBe(0);
    expect(p.targetIp()).toBe(ip('169.254.1.1'));
  });
  it('constructs', () => {
    const buf = filled(ARP_PACKET_LEN);
    const p = new ArpPacket(buf);
    p.setHardwareType(1);
    p.setProtocolType(0x0800);
    p.setHardwareLen(6);
    p.setProtocolLen(4);
    p.setOperation(ArpOperation.Reply);
    p.setSenderMac(mac('ee:ee:ee:ee:ee:ee'));
    p.setSenderIp(ip('169.254.1.1'));
    p.setTargetMac(POD);
    p.setTargetIp(ip('10.233.1.2'));
    expect(buf).toEqual(REPLY);
  });
  it('parses request and reply', () => {
    expect(unwrap(parseArp(REQUEST))).toEqual(REQUEST_REPR);
    expect(unwrap(parseArp(REPLY))).toEqual(REPLY_REPR);
  });
  it('emits and round-trips', () => {
    for (const [repr, bytes] of [
      [REQUEST_REPR, REQUEST],
      [REPLY_REPR, REPLY],
    ] as const) {
      const buf = filled(ARP_PACKET_LEN);
      emitArp(repr, buf);
      expect(buf).toEqual(bytes);
      expect(unwrap(parseArp(buf))).toEqual(repr);
    }
  });
  it('handles gratuitous ARP, unknown operations and bad lengths', () => {
    const garp = arpRepr(ArpOperation.Request, POD, ip('10.0.0.1'), MAC_BROADCAST, ip('10.0.0.1'));
    const buf = new Uint8Array(ARP_PACKET_LEN);
    emitArp(garp, buf);
    expect(unwrap(parseArp(buf))).toEqual(garp);
    emitArp({ ...garp, operation: 9 }, buf);
    expect(unwrap(parseArp(buf)).operation).toBe(9);
    buf[4] = 8;
    expect(parseArp(buf)).toEqual({
      ok: false,
      error: { layer: 'arp', reason: 'unsupported address lengths 8/4' },
    });
    expect(parseArp(REQUEST.subarray(0, 27)).ok).toBe(false);
  });
});
