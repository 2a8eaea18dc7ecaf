import { describe, expect, it } from 'vitest';
import { flannelVxlanManualScenario } from '../../engine/scenario/builtin/flannel-vxlan-manual';
import { traceOfLine } from '../../store/trace-fixture';
import { hopRoute } from './hop-route';
import { deviceIdOf, lookupsBefore, placeOf, previousPlaceStep } from './step-context';

const { lab, events } = traceOfLine(
  flannelVxlanManualScenario,
  { machine: 'node1', netns: 'pod1' },
  'ping -c 1 10.244.2.2',
);
const view = lab.view();

describe('hopRoute', () => {
  it('crosses a veth pair by its one edge (named after the namespace end)', () => {
    expect(hopRoute(view, 'dev:node1:pod1:eth0', 'dev:node1:-:veth3a1b2c4d')).toEqual([
      { id: 'veth:dev:node1:pod1:eth0', kind: 'veth' },
    ]);
    expect(hopRoute(view, 'dev:node1:-:veth3a1b2c4d', 'dev:node1:pod1:eth0')).toEqual([
      { id: 'veth:dev:node1:pod1:eth0', kind: 'veth' },
    ]);
  });

  it('crosses a bridge port', () => {
    expect(hopRoute(view, 'dev:node1:-:veth3a1b2c4d', 'dev:node1:-:cni0')).toEqual([
      { id: 'port:dev:node1:-:veth3a1b2c4d', kind: 'port' },
    ]);
  });

  it('crosses a segment by two cables', () => {
    const route = hopRoute(view, 'dev:node1:-:eth0', 'dev:node2:-:eth0');
    expect(route.map((e) => e.kind)).toEqual(['cable', 'cable']);
    const ids = view.cables.map((c) => c.id);
    for (const e of route) expect(ids).toContain(e.id);
  });

  it('has no edge for routing inside a host', () => {
    expect(hopRoute(view, 'dev:node1:-:flannel.1', 'dev:node1:-:eth0')).toEqual([]);
  });
});

describe('step context', () => {
  it('names the device of a step as the canvas does', () => {
    const e = events.find((x) => x.device === 'eth0' && x.netns === 'pod1');
    expect(e && deviceIdOf(e)).toBe('dev:node1:pod1:eth0');
    const send = events.find((x) => x.hook === 'socket.send');
    expect(send && placeOf(send)).toBe('netns:node1:pod1');
  });

  it('moves the packet from node1 eth0 to node2 eth0 at the receive step', () => {
    const i = events.findIndex(
      (x) => x.hook === 'dev.rcv' && x.machine === 'node2' && x.frame?.length === 148,
    );
    const from = previousPlaceStep(events, i);
    expect(placeOf(events[from])).toBe('dev:node1:-:eth0');
  });

  it('shows the route and neighbour lookups that led to a transmit', () => {
    const i = events.findIndex((x) => x.hook === 'dev.xmit' && x.device === 'flannel.1');
    expect(lookupsBefore(events, i).map((e) => e.hook)).toEqual(['ip.forward', 'neigh.resolve']);
  });
});
