/**
 * 100,000 malformed inputs through every parser: nothing may throw, every failure is a typed
 * WireError. Inputs come from a seeded xorshift32 (no Math.random) so a failure replays.
 */
import { describe, expect, it } from 'vitest';
import { parseArp } from './arp';
import { guessBgpEncoding, parseBgpMessage } from './bgp';
import { fromHex } from './bytes';
import { decodeStack, summarize } from './decode';
import type { Result, WireLayer } from './errors';
import { parseEthernet } from './ethernet';
import { CORPUS } from './fixtures/corpus';
import { emitFrame, parseFrame } from './frame';
import { parseIcmp } from './icmp';
import { parseIpv4, Reassembler } from './ipv4';
import { readPcap } from './pcap';
import { parseTcp } from './tcp';
import { parseUdp } from './udp';
import { parseVxlan } from './vxlan';

/** xorshift32: tiny, seeded, deterministic. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const LAYERS: WireLayer[] = [
  'ethernet',
  'arp',
  'ipv4',
  'icmp',
  'udp',
  'tcp',
  'vxlan',
  'bgp',
  'pcap',
];
const SEEDS = CORPUS.map((f) => ({ bytes: fromHex(f.hex), linktype: f.linktype }));

/** One malformed variant of a real frame. */
function mutate(
  next: () => number,
  i: number,
): { bytes: Uint8Array; linktype: 'ethernet' | 'raw' } {
  const seed = SEEDS[next() % SEEDS.length];
  const bytes = seed.bytes.slice();
  switch (i % 5) {
    case 0: // truncation
      return { bytes: bytes.subarray(0, next() % (bytes.length + 1)), linktype: seed.linktype };
    case 1: // flipped bytes, often inside length fields and checksums
      for (let k = 1 + (next() % 4); k > 0; k--) bytes[next() % bytes.length] ^= 1 << (next() % 8);
      return { bytes, linktype: seed.linktype };
    case 2: // a length field set to something else (IP total, UDP length, BGP length live early)
      bytes[next() % Math.min(bytes.length, 80)] = next() & 0xff;
      return { bytes, linktype: seed.linktype };
    case 3: // random bytes
      return {
        bytes: Uint8Array.from({ length: next() % 120 }, () => next() & 0xff),
        linktype: next() & 1 ? 'raw' : 'ethernet',
      };
    default: // real frame spliced at a random point into random tail
      for (let k = next() % bytes.length; k < bytes.length; k++) bytes[k] = next() & 0xff;
      return { bytes, linktype: seed.linktype };
  }
}

function checkResult(r: Result<unknown>): void {
  if (!r.ok && (!LAYERS.includes(r.error.layer) || typeof r.error.reason !== 'string')) {
    throw new Error(`untyped failure ${JSON.stringify(r)}`);
  }
}

describe('fuzz', () => {
  it('survives 100,000 malformed inputs', () => {
    const next = rng(0xc0ffee);
    const reassembler = new Reassembler();
    let failures = 0;
    for (let i = 0; i < 100_000; i++) {
      const { bytes, linktype } = mutate(next, i);
      const at = linktype === 'ethernet' ? 14 : 0;
      const l3 = bytes.subarray(Math.min(at, bytes.length));
      const l4 = l3.subarray(Math.min(20, l3.length));
      const results: Result<unknown>[] = [
        parseEthernet(bytes),
        parseArp(l3),
        parseIpv4(l3),
        parseIcmp(l4),
        parseUdp(l4, 1, 2),
        parseTcp(l4, 1, 2, { verifyChecksum: false }),
        parseVxlan(l4),
        parseBgpMessage(l4),
        parseBgpMessage(l4, guessBgpEncoding(l4)),
        readPcap(bytes),
        reassembler.push(l3, i),
      ];
      for (const r of results) {
        checkResult(r);
        if (!r.ok) failures++;
      }
      decodeStack(bytes, linktype);
      if (i % 4 === 0) {
        summarize(bytes, linktype);
        emitFrame(parseFrame(bytes, linktype)); // whatever parsed must emit without throwing
      }
      if (i % 1000 === 0) reassembler.expire(i);
    }
    expect(failures).toBeGreaterThan(100_000);
  });
});
