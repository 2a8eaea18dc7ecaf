import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/api/types';
import { flannelVxlanManualScenario } from '../../engine/scenario/builtin/flannel-vxlan-manual';
import { decodeStack } from '../../engine/wire/decode';
import { traceOfLine } from '../../store/trace-fixture';
import { diffLayers, fieldKeys } from './packet-diff';

const vxlanPing = () =>
  traceOfLine(
    flannelVxlanManualScenario,
    { machine: 'node1', netns: 'pod1' },
    'ping -c 1 10.244.2.2',
  ).events;

const layersOf = (e: TraceEvent | undefined) => {
  if (!e?.frame || !e.linktype) throw new Error('no frame');
  return decodeStack(e.frame, e.linktype);
};

describe('diffLayers', () => {
  const events = vxlanPing();
  const request = events.filter((e) => e.frame && e.frame.length === 98 && e.packetId === 1);

  it('shows nothing changed between the two ends of a veth', () => {
    const [xmit, rcv] = request; // pod1 eth0 → veth on the host
    expect(diffLayers(layersOf(xmit), layersOf(rcv)).size).toBe(0);
  });

  it('shows TTL, checksum and MACs changed by a routing hop', () => {
    const atBridge = request[1];
    const onVtep = request[2]; // after ip.forward: flannel.1 transmits it
    const d = diffLayers(layersOf(atBridge), layersOf(onVtep));
    expect(d.get('IPv4#0/ip.ttl#0')).toEqual({ kind: 'changed', before: '64' });
    expect(d.has('IPv4#0/ip.checksum#0')).toBe(true);
    expect(d.has('Ethernet II#0/eth.src#0')).toBe(true);
    expect(d.has('Ethernet II#0/eth.dst#0')).toBe(true);
    expect(d.has('ICMP#0/icmp.seq#0')).toBe(false);
  });

  it('shows the outer headers of a VXLAN frame as added, the inner frame unchanged', () => {
    const inner = request[2];
    const outer = events.find((e) => e.frame && e.frame.length === 148);
    const d = diffLayers(layersOf(inner), layersOf(outer));
    expect(d.get('VXLAN#0/vxlan.vni#0')).toEqual({ kind: 'added' });
    expect(d.get('IPv4#1/ip.src#0')).toEqual({ kind: 'added' });
    expect(d.get('Ethernet II#1/eth.dst#0')).toEqual({ kind: 'added' });
    expect(d.has('IPv4#0/ip.ttl#0')).toBe(false);
  });

  it('has no previous frame at the start of a leg', () => {
    expect(diffLayers(null, layersOf(request[0])).size).toBe(0);
  });

  it('keys repeated fields apart', () => {
    const keys = fieldKeys(layersOf(events.find((e) => e.frame?.length === 148)));
    const flat = keys.flat();
    expect(new Set(flat).size).toBe(flat.length);
  });
});
