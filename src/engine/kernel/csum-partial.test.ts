import { describe, expect, it } from 'vitest';
import { Lab } from '../api/lab';
import { builtinScenario } from '../scenario/builtin';
import { emitTcp, pseudoHeaderSum, tcpBufferLen } from '../wire';
import { markPartial, partialDatagram, partialOf, partialView } from './csum-partial';
import { World } from './world';

/** An IPv4 datagram 10.0.0.1 → 10.0.0.2 carrying a bare TCP ACK. */
function datagram(): Uint8Array {
  const repr = {
    srcPort: 40000,
    dstPort: 80,
    seq: 1,
    ack: 1,
    flags: 0x10,
    window: 502,
    urgent: 0,
    options: [],
    payloadLen: 0,
  };
  const tcpLen = tcpBufferLen(repr);
  const d = new Uint8Array(20 + tcpLen);
  d.set([0x45, 0, 0, 20 + tcpLen, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
  emitTcp(repr, d.subarray(20), 0x0a000001, 0x0a000002);
  return d;
}

describe('CHECKSUM_PARTIAL as captures see it', () => {
  it('puts the folded pseudo-header sum in the TCP checksum field of a copy', () => {
    const d = datagram();
    const p = partialDatagram(d);
    const sum = pseudoHeaderSum(0x0a000001, 0x0a000002, 6, 20);
    expect((p[36] << 8) | p[37]).toBe(sum);
    expect(p).not.toBe(d);
    expect(p.subarray(0, 36)).toEqual(d.subarray(0, 36));
    const frame = new Uint8Array(14 + d.length);
    frame[12] = 0x08;
    frame.set(d, 14);
    expect(partialView(frame, 'outer').subarray(14)).toEqual(p);
  });

  it('tracks nothing while no capture is open', () => {
    const w = new World(1);
    markPartial(w, 1, 'outer');
    expect(partialOf(w, 1)).toBeUndefined();
  });

  it('forgets marks left by dropped packets all at once when 4,096 pile up', () => {
    const w = new World(1);
    w.openCaptures = 1;
    markPartial(w, 1, 'outer');
    for (let id = 2; id <= 4096; id++) markPartial(w, id, 'inner');
    expect(partialOf(w, 1)).toBe('outer');
    expect(w.csumPartial.size).toBe(4096);
    markPartial(w, 4097, 'inner');
    expect(partialOf(w, 1)).toBeUndefined();
    expect(partialOf(w, 4097)).toBe('inner');
    expect(w.csumPartial.size).toBe(1);
  });
});

describe('marks end with local delivery', () => {
  it('leaves none behind after a ping across flannel VXLAN and UDP probes to the node', () => {
    const lab = new Lab(1);
    const b = builtinScenario('flannel-vxlan');
    if (!b) throw new Error('no flannel-vxlan');
    lab.load(b.scenario);
    const s = lab.openSession({ machine: 'node1' });
    // A capture is open (marks are tracked only then), and sees the VXLAN packets.
    lab.execToEnd(s, 'tcpdump -n -i eth0 -c 1000 udp port 8472 > /tmp/capture.txt &');
    const r = lab.execToEnd(s, 'docker exec container-1 ping -c 20 -i 0.2 100.96.2.2');
    expect(r.stdout).toContain('20 received');
    // UDP from a socket crosses the container's veth partial and ends in node1's stack.
    const t = lab.execToEnd(s, 'docker exec container-1 traceroute -n -q 1 100.96.1.1');
    expect(t.stdout).toContain('100.96.1.1');
    expect(lab.worldForBench().openCaptures).toBe(1);
    expect(lab.worldForBench().csumPartial.size).toBe(0);
    lab.execToEnd(s, 'kill %1; wait');
    expect(lab.worldForBench().openCaptures).toBe(0);
  });
});
