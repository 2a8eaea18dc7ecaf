import { describe, expect, it } from 'vitest';
import { sha512Hex } from './sha512';

describe('sha512Hex', () => {
  it('matches FIPS 180-4 vectors', () => {
    expect(sha512Hex('abc')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(sha512Hex('').slice(0, 16)).toBe('cf83e1357eefb8bd');
    // Two blocks (the 112-byte vector of FIPS 180-2 appendix C).
    expect(
      sha512Hex(
        'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      ).slice(0, 16),
    ).toBe('8e959b75dae313da');
  });

  it('names what CNI names: the bridge plugin’s chain, cnitool’s container id', () => {
    // Chain seen on Linux after the bridge plugin (1.1.1) added container ctr1 to network mynet.
    expect(`CNI-${sha512Hex('mynetctr1').slice(0, 24)}`).toBe('CNI-5145007e2a8415ce07579739');
    expect(`cnitool-${sha512Hex('/var/run/netns/testing').slice(0, 20)}`).toBe(
      'cnitool-77383ca0a0715733ca6f',
    );
  });
});
