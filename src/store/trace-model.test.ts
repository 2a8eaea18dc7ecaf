import { describe, expect, it } from 'vitest';
import type { Scenario, TraceEvent } from '../engine/api/types';
import { flannelVxlanManualScenario } from '../engine/scenario/builtin/flannel-vxlan-manual';
import { defaultScenario } from '../engine/scenario/default-scenario';
import * as decoder from '../engine/wire/decode';
import { traceOfLine } from './trace-fixture';
import { flowCrossings, flowEvents, legCrossings, TraceRecorder } from './trace-model';

/** Every trace event of one command line on a freshly loaded scenario. */
function pingTrace(scenario: Scenario, target: { machine: string; netns?: string }, line: string) {
  const { events, result } = traceOfLine(scenario, target, line);
  expect(result.code).toBe(0);
  return events;
}

const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  t: 0,
  packetId: 1,
  machine: 'node1',
  netns: '',
  layer: 'network',
  space: 'kernel',
  hook: 'ip.output',
  verdict: 'pass',
  detail: '',
  ...over,
});

describe('TraceRecorder: flows', () => {
  it('groups a ping (ARP, echo request, echo reply) into one flow', () => {
    const events = pingTrace(defaultScenario, { machine: 'node1' }, 'ping -c 1 10.0.0.2');
    const trace = new TraceRecorder(decoder).add(events);
    expect(trace.flows).toHaveLength(1);
    const [flow] = trace.flows;
    expect(flow.steps).toBe(events.length);
    expect(flow.label).toMatch(/ICMP echo request/);
    expect(flow.machines).toEqual(['node1', 'node2']);
  });

  it('keeps the echo requests of one ping command in one flow, a second ping in another', () => {
    const {
      lab,
      session: s,
      events,
    } = traceOfLine(defaultScenario, { machine: 'node1' }, 'ping -c 3 10.0.0.2');
    const recorder = new TraceRecorder(decoder);
    expect(recorder.add(events).flows).toHaveLength(1);
    events.length = 0;
    lab.execToEnd(s, 'ping -c 1 10.0.0.2');
    expect(recorder.add(events).flows).toHaveLength(2);
  });

  it('keeps the last events within the limit and counts the dropped ones', () => {
    const recorder = new TraceRecorder(decoder, 5);
    const batch = Array.from({ length: 8 }, (_, i) => ev({ packetId: i + 1, t: i }));
    const trace = recorder.add(batch);
    expect(trace.events).toHaveLength(5);
    expect(trace.dropped).toBe(3);
    expect(trace.events[0].t).toBe(3);
  });

  it('follows VXLAN encapsulation and decapsulation within a flow and marks the outer packet', () => {
    const events = pingTrace(
      flannelVxlanManualScenario,
      { machine: 'node1', netns: 'pod1' },
      'ping -c 1 10.244.2.2',
    );
    const trace = new TraceRecorder(decoder).add(events);
    expect(trace.flows).toHaveLength(1);
    const encap = events.find((e) => e.hook === 'vxlan.encap');
    expect(encap?.parentId).toBeDefined();
    expect(trace.outer.get(encap?.packetId ?? -1)).toBe('VXLAN');
    // Encapsulated and inner packets are one leg.
    expect(trace.legOf.get(encap?.packetId ?? -1)).toBe(trace.legOf.get(encap?.parentId ?? -1));
  });
});

describe('user/kernel crossings (C08, C10)', () => {
  it('VXLAN: only the ping process crosses on the sender (1 on the request leg)', () => {
    const events = pingTrace(
      flannelVxlanManualScenario,
      { machine: 'node1', netns: 'pod1' },
      'ping -c 1 10.244.2.2',
    );
    const trace = new TraceRecorder(decoder).add(events);
    const legs = legCrossings(flowEvents(trace, trace.flows[0].id), trace.legOf, trace.packetLabel);
    const request = legs.find((l) => /echo request/.test(l.label));
    expect(request?.hosts).toEqual([
      { machine: 'node1', crossings: 1 },
      { machine: 'node2', crossings: 0 },
    ]);
    // Send and receive by ping: one crossing each way on node1, none on node2.
    expect(flowCrossings(legs)).toEqual(
      expect.arrayContaining([
        { machine: 'node1', crossings: 2 },
        { machine: 'node2', crossings: 0 },
      ]),
    );
  });

  it('flannel UDP: ping → kernel, TUN → flanneld, flanneld → kernel is 3 on the sender', () => {
    // The sender's steps as the flannel UDP path traces them (C07, C08).
    const events: TraceEvent[] = [
      ev({ packetId: 1, space: 'user', hook: 'socket.send', netns: 'pod1' }),
      ev({ packetId: 1, hook: 'route.lookup', netns: 'pod1', device: 'eth0' }),
      ev({ packetId: 1, hook: 'ip.forward', device: 'flannel0' }),
      ev({ packetId: 1, space: 'user', hook: 'tun.read', device: 'flannel0' }),
      ev({ packetId: 2, parentId: 1, space: 'user', hook: 'udp.send' }),
      ev({ packetId: 2, hook: 'route.lookup', device: 'eth0' }),
      ev({ packetId: 2, hook: 'dev.xmit', device: 'eth0' }),
      ev({ packetId: 2, machine: 'node2', hook: 'dev.rcv', device: 'eth0' }),
    ];
    const trace = new TraceRecorder(decoder).add(events);
    expect(trace.outer.get(2)).toBe('UDP');
    const legs = legCrossings(flowEvents(trace, 1), trace.legOf);
    expect(legs).toHaveLength(1);
    expect(legs[0].hosts).toEqual([
      { machine: 'node1', crossings: 3 },
      { machine: 'node2', crossings: 0 },
    ]);
  });
});
