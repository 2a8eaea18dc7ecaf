/**
 * The BGP decoder against tcpdump 4.99 itself: fixtures/real-bgp.pcap is node1's eth0 in the
 * reference Calico run (corpus/calico, two BIRDs with ADD-PATH), and real-bgp-nn-e-vv.txt what
 * `tcpdump -nn -e -vv -r` printed for it. Every BGP segment decodes to the same lines: OPENs with
 * their capabilities, KEEPALIVEs, UPDATEs with path ids, End-of-RIB, a withdrawal, a NOTIFICATION.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng';
import { readPcap } from '../../../wire/pcap';
import { bgpPrint } from './bgp-print';

const here = (f: string) => new URL(`fixtures/${f}`, import.meta.url);

/** Each packet's text after its TCP line's `length N`, for the segments of port 179 with data. */
function realDecodes(): string[] {
  const out: string[] = [];
  const text = readFileSync(here('real-bgp-nn-e-vv.txt'), 'utf8');
  const packets = text.split(/\n(?=\d\d:\d\d:\d\d\.\d{6} )/);
  for (const p of packets) {
    const m = /\.179[ :].*length \d+(: BGP[\s\S]*)$/.exec(p.trimEnd());
    if (m) out.push(m[1]);
  }
  return out;
}

/** The data of every TCP segment of port 179 in the reference capture. */
function payloads(): Uint8Array[] {
  const pcap = readPcap(new Uint8Array(readFileSync(here('real-bgp.pcap'))));
  if (!pcap.ok) throw new Error(pcap.error.reason);
  const out: Uint8Array[] = [];
  for (const r of pcap.value.records) {
    const b = r.bytes;
    if (((b[12] << 8) | b[13]) !== 0x0800 || b[23] !== 6) continue;
    const tcp = b.subarray(14 + (b[14] & 0xf) * 4);
    const ports = [(tcp[0] << 8) | tcp[1], (tcp[2] << 8) | tcp[3]];
    const payload = tcp.subarray((tcp[12] >> 4) * 4);
    if (ports.includes(179) && payload.length > 0) out.push(payload);
  }
  return out;
}

function labDecodes(v: number): string[] {
  return payloads().map((p) => bgpPrint(p, v));
}

describe('tcpdump BGP decoding (print-bgp.c)', () => {
  it('prints every BGP segment of the reference capture as tcpdump -vv did', () => {
    const real = realDecodes();
    expect(real.length).toBe(11);
    expect(labDecodes(2)).toEqual(real);
  });

  it('survives mutated and truncated messages: no exception, always a line', () => {
    const rng = new Rng(3);
    const base = payloads();
    for (let i = 0; i < 3000; i++) {
      const p = Uint8Array.from(base[rng.below(base.length)]);
      for (let k = rng.int(1, 6); k > 0; k--) p[rng.below(p.length)] = rng.below(256);
      const cut = p.subarray(0, rng.int(1, p.length));
      for (const v of [0, 1, 2]) expect(bgpPrint(cut, v).startsWith(': BGP')).toBe(true);
    }
  });

  it('says only ": BGP" without -v, and leaves out the hex of each capability with -v', () => {
    expect(labDecodes(0).every((d) => d === ': BGP')).toBe(true);
    const open = labDecodes(1)[0];
    expect(open).toContain(
      '\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1)\n\t      Route Refresh',
    );
    expect(open).not.toContain('0x0000');
  });
});
