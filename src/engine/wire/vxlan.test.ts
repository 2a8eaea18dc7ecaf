import { describe, expect, it } from 'vitest';
import { corpusBytes, filled, unwrap } from './fixtures/corpus-util';
import { emitVxlan, parseVxlan, VXLAN_FLAG_I, VXLAN_HEADER_LEN, VxlanPacket } from './vxlan';

// flannel-vxlan node1 eth0: outer Ethernet(14) IPv4(20) UDP(8) then VXLAN, VNI 1
const PACKET = corpusBytes('flannel-vxlan/node1__eth0#4').subarray(42);
const HEADER = PACKET.subarray(0, VXLAN_HEADER_LEN);

describe('vxlan', () => {
  it('deconstructs', () => {
    const p = new VxlanPacket(PACKET);
    expect([p.flags(), p.vni(), p.payload().length]).toEqual([0x08, 1, 98]);
  });
  it('constructs', () => {
    const buf = filled(VXLAN_HEADER_LEN);
    const p = new VxlanPacket(buf);
    p.setFlags(VXLAN_FLAG_I);
    p.setVni(1);
    expect(buf).toEqual(HEADER);
  });
  it('parses, emits and round-trips', () => {
    const repr = unwrap(parseVxlan(PACKET));
    expect(repr).toEqual({ flags: VXLAN_FLAG_I, vni: 1 });
    const buf = filled(VXLAN_HEADER_LEN);
    emitVxlan(repr, buf);
    expect(buf).toEqual(HEADER);
    const big = { flags: VXLAN_FLAG_I, vni: 0xabcdef };
    emitVxlan(big, buf);
    expect(unwrap(parseVxlan(buf))).toEqual(big);
    expect(parseVxlan(HEADER.subarray(0, 7)).ok).toBe(false);
  });
});
