import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes';
import { corpusBytes, unwrap } from './fixtures/corpus-util';
import { LinkType, PcapWriter, pcapFileHeader, readPcap } from './pcap';

describe('pcap', () => {
  it('writes the header tcpdump writes', () => {
    // d4c3b2a1 (LE magic), 2.4, thiszone 0, sigfigs 0, snaplen 262144, linktype 1
    expect(pcapFileHeader(LinkType.Ethernet)).toEqual(
      fromHex('d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000'),
    );
  });
  it('round-trips records with virtual-clock timestamps', () => {
    const w = new PcapWriter(LinkType.Raw);
    const a = corpusBytes('flannel-udp/node1__flannel0#1');
    const b = corpusBytes('flannel-udp/node1__flannel0#2');
    w.write(1_500_000_123_456, a);
    w.write(1_500_000_124_000, b);
    const file = unwrap(readPcap(w.bytes()));
    expect(file.linktype).toBe(101);
    expect(file.snaplen).toBe(262144);
    expect(file.records).toEqual([
      { tsMicros: 1_500_000_123_456, bytes: a, origLen: a.length },
      { tsMicros: 1_500_000_124_000, bytes: b, origLen: b.length },
    ]);
  });
  it('reads big-endian and nanosecond files', () => {
    const be = fromHex(
      'a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000001 00000001 000003e8 00000001 00000002 aa',
    );
    const file = unwrap(readPcap(be));
    expect(file.records).toEqual([{ tsMicros: 1_000_001, bytes: Uint8Array.of(0xaa), origLen: 2 }]);
  });
  it('reports malformed files as values', () => {
    const good = new PcapWriter(LinkType.Ethernet);
    good.write(0, Uint8Array.of(1, 2, 3));
    const bytes = good.bytes();
    expect(readPcap(bytes.subarray(0, 10))).toEqual({
      ok: false,
      error: { layer: 'pcap', reason: 'truncated file header' },
    });
    expect(readPcap(bytes.subarray(0, bytes.length - 1)).ok).toBe(false);
    expect(readPcap(bytes.subarray(0, 30)).ok).toBe(false);
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(readPcap(wrong)).toMatchObject({ ok: false, error: { reason: 'bad magic 0x00c3b2a1' } });
  });
});
