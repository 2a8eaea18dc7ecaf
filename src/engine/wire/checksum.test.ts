import { describe, expect, it } from 'vitest';
import {
  checksumOf,
  checksumValid,
  combine,
  dataSum,
  fillChecksum,
  fold,
  pseudoHeaderSum,
} from './checksum';
import { ip } from './fixtures/corpus-util';

describe('checksum', () => {
  it('matches the RFC 1071 example', () => {
    const bytes = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(fold(dataSum(bytes))).toBe(0xddf2);
    expect(checksumOf(dataSum(bytes))).toBe(0x220d);
  });
  it('pads an odd byte and combines partial sums', () => {
    expect(dataSum(Uint8Array.of(0x12, 0x34, 0x56))).toBe(0x1234 + 0x5600);
    expect(combine(0xffff, 0x0001)).toBe(0x0001);
    expect(combine(dataSum(Uint8Array.of(1, 2)), dataSum(Uint8Array.of(3, 4)))).toBe(0x0406);
  });
  it('fills and verifies in place', () => {
    const bytes = Uint8Array.of(
      0x45,
      0,
      0,
      0x54,
      0,
      0,
      0x40,
      0,
      0x40,
      1,
      0xaa,
      0xbb,
      10,
      0,
      0,
      1,
      10,
      0,
      0,
      2,
    );
    fillChecksum(bytes, 10, 0, 20);
    expect(checksumValid(bytes, 0, 20)).toBe(true);
    bytes[8] = 63;
    expect(checksumValid(bytes, 0, 20)).toBe(false);
  });
  it('explains the offload values in the captures: the folded pseudo-header sum', () => {
    // flannel VXLAN outer UDP 10.168.0.2 -> 10.168.0.3, length 114: tshark shows 0x15d8 "Bad"
    expect(fold(pseudoHeaderSum(ip('10.168.0.2'), ip('10.168.0.3'), 17, 114))).toBe(0x15d8);
    // BGP SYN 10.168.0.3 -> 10.168.0.2, TCP length 40: tcpdump shows cksum 0x1583 (incorrect)
    expect(fold(pseudoHeaderSum(ip('10.168.0.3'), ip('10.168.0.2'), 6, 40))).toBe(0x1583);
  });
});
