import { describe, expect, it } from 'vitest';

import {
  ETHERNET_HEADER_LEN,
  EthernetFrame,
  EtherType,
  emitEthernet,
  parseEthernet,
} from './ethernet';
import { corpusBytes, filled, mac } from './fixtures/corpus-util';

// docker0: c1 (02:42:ac:11:00:02) pings c2 (02:42:ac:11:00:03)
const FRAME = corpusBytes('docker0/c1__eth0#3');
const HEADER = FRAME.subarray(0, ETHERNET_HEADER_LEN);
const REPR = {
  dst: mac('02:42:ac:11:00:03'),
  src: mac('02:42:ac:11:00:02'),
  ethertype: EtherType.IPv4,
};

describe('ethernet', () => {
  it('deconstructs', () => {
    const f = new EthernetFrame(FRAME);
    expect(f.dst()).toBe(REPR.dst);
    expect(f.src()).toBe(REPR.src);
    expect(f.ethertype()).toBe(0x0800);
    expect(f.payload().length).toBe(84);
  });
  it('constructs', () => {
    const buf = filled(ETHERNET_HEADER_LEN);
    const f = new EthernetFrame(buf);
    f.setDst(REPR.dst);
    f.setSrc(REPR.src);
    f.setEthertype(EtherType.IPv4);
    expect(buf).toEqual(HEADER);
  });
  it('parses', () => {
    expect(parseEthernet(FRAME)).toEqual({ ok: true, value: REPR });
  });
  it('emits', () => {
    const buf = filled(ETHERNET_HEADER_LEN);
    const parsed = parseEthernet(FRAME);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    emitEthernet(parsed.value, buf);
    expect(buf).toEqual(HEADER);
    expect(parseEthernet(buf)).toEqual(parsed);
  });
  it('rejects a truncated header and keeps unknown ethertypes', () => {
    expect(parseEthernet(FRAME.subarray(0, 13))).toEqual({
      ok: false,
      error: { layer: 'ethernet', reason: 'truncated header' },
    });
    const odd = FRAME.slice(0, 14);
    odd[12] = 0x12;
    odd[13] = 0x34;
    expect(parseEthernet(odd).ok && parseEthernet(odd)).toMatchObject({
      value: { ethertype: 0x1234 },
    });
  });
});
