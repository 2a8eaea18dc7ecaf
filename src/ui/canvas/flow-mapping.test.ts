import { describe, expect, it } from 'vitest';
import type { DeviceView, TopologyView } from '../../engine/api/types';
import {
  autoLayout,
  autoPosition,
  cableGeometry,
  chipState,
  isShownDevice,
  keepMeasured,
  namespaceBoxes,
  SEGMENT_MIN_WIDTH,
  segmentWidth,
  stabilizeNodes,
  topologyToFlow,
  tunnelEdges,
} from './flow-mapping';

const dev = (id: string, over: Partial<DeviceView> = {}): DeviceView => ({
  id,
  ifindex: 1,
  name: id.split(':').at(-1) ?? id,
  kind: 'nic',
  mac: '02:00:00:00:00:01',
  mtu: 1500,
  up: true,
  carrier: true,
  operstate: 'UP',
  addrs: [],
  ...over,
});

const view: TopologyView = {
  title: 'Two hosts on one LAN',
  machines: [
    {
      id: 'machine:node1',
      name: 'node1',
      kind: 'host',
      hostname: 'node1',
      netns: ['c1'],
      ipForward: false,
      namespaces: [
        {
          name: null,
          ipForward: false,
          devices: [
            dev('dev:node1:-:lo', { kind: 'loopback', addrs: ['127.0.0.1/8'], ifindex: 1 }),
            dev('dev:node1:-:eth0', { addrs: ['10.0.0.1/24'], ifindex: 2 }),
            dev('dev:node1:-:br0', { kind: 'bridge', addrs: ['172.17.0.1/16'], ifindex: 3 }),
            dev('dev:node1:-:veth1', {
              kind: 'veth',
              master: 'br0',
              peer: 'dev:node1:c1:eth0',
              ifindex: 4,
            }),
          ],
        },
        {
          name: 'c1',
          ipForward: false,
          devices: [
            dev('dev:node1:c1:lo', { kind: 'loopback', up: false, operstate: 'DOWN' }),
            dev('dev:node1:c1:eth0', {
              kind: 'veth',
              addrs: ['172.17.0.2/16'],
              peer: 'dev:node1:-:veth1',
            }),
          ],
        },
      ],
    },
    {
      id: 'machine:r1',
      name: 'r1',
      kind: 'router',
      hostname: 'gw',
      netns: [],
      ipForward: true,
      namespaces: [{ name: null, ipForward: true, devices: [dev('dev:r1:-:eth1')] }],
    },
  ],
  segments: [{ id: 'segment:lan0', name: 'lan0' }],
  cables: [
    { id: 'cable:node1:eth0', machine: 'node1', ifname: 'eth0', segment: 'lan0' },
    { id: 'cable:r1:eth1', machine: 'r1', ifname: 'eth1', segment: 'lan0' },
    { id: 'cable:ghost:eth0', machine: 'ghost', ifname: 'eth0', segment: 'lan0' },
  ],
  layout: { 'machine:node1': { x: 1, y: 2 } },
};

describe('topologyToFlow', () => {
  it('maps nothing to nothing', () => {
    expect(topologyToFlow(null, {}, null)).toEqual({ nodes: [], edges: [] });
  });

  it('makes one machine node per machine and one segment node per segment', () => {
    const { nodes } = topologyToFlow(view, { 'machine:node1': { x: 10, y: 20 } }, 'machine:r1');
    expect(nodes.map((n) => [n.id, n.type])).toEqual([
      ['machine:node1', 'machine'],
      ['machine:r1', 'machine'],
      ['segment:lan0', 'segment'],
    ]);
    expect(nodes[0]).toMatchObject({
      position: { x: 10, y: 20 },
      data: { name: 'node1', kind: 'host', hostname: 'node1', netnsCount: 1, deviceCount: 4 },
      selected: false,
      deletable: false,
    });
    expect(nodes[1]).toMatchObject({ position: autoPosition('machine', 1), selected: true });
    expect(nodes[2]).toMatchObject({
      position: autoPosition('segment', 0),
      data: { name: 'lan0', width: segmentWidth(3) },
    });
  });

  it('draws the named namespaces above the root one, hiding plain loopback', () => {
    const boxes = namespaceBoxes(view.machines[0]);
    expect(boxes.map((b) => [b.id, b.rows.map((r) => r.map((c) => c.name))])).toEqual([
      ['netns:node1:c1', [['eth0']]],
      ['netns:node1:-', [['veth1'], ['br0'], ['eth0']]],
    ]);
  });

  it('marks the selected namespace or device on its host only', () => {
    const { nodes } = topologyToFlow(view, {}, 'dev:node1:c1:eth0');
    expect(nodes[0].data).toMatchObject({ selectedInner: 'dev:node1:c1:eth0' });
    expect(nodes[1].data).toMatchObject({ selectedInner: null });
  });

  it('makes cable, veth and bridge-port edges between device handles', () => {
    const { edges } = topologyToFlow(view, {}, null);
    expect(edges.map((e) => [e.id, e.data?.kind, e.sourceHandle, e.targetHandle])).toEqual([
      ['cable:node1:eth0', 'cable', 'dev:node1:-:eth0:b', undefined],
      ['cable:r1:eth1', 'cable', 'dev:r1:-:eth1:b', undefined],
      ['port:dev:node1:-:veth1', 'port', 'dev:node1:-:veth1:b', 'dev:node1:-:br0:t'],
      ['veth:dev:node1:c1:eth0', 'veth', 'dev:node1:c1:eth0:b', 'dev:node1:-:veth1:t'],
    ]);
    expect(edges[0]).toMatchObject({ source: 'machine:node1', target: 'segment:lan0' });
  });

  it('collapses hosts to counts and keeps only cables', () => {
    const { nodes, edges } = topologyToFlow(view, {}, null, true);
    expect(nodes[0].data).toMatchObject({ collapsed: true, namespaces: [], netnsCount: 1 });
    expect(edges.map((e) => [e.id, e.sourceHandle])).toEqual([
      ['cable:node1:eth0', undefined],
      ['cable:r1:eth1', undefined],
    ]);
  });

  it('is pure: the same input gives equal output and the input is untouched', () => {
    const copy = structuredClone(view);
    expect(topologyToFlow(view, {}, null)).toEqual(topologyToFlow(view, {}, null));
    expect(view).toEqual(copy);
  });
});

describe('device chips', () => {
  it('colour the state dot like ip shows it', () => {
    expect(chipState(dev('a'))).toBe('up');
    expect(chipState(dev('a', { carrier: false, operstate: 'LOWERLAYERDOWN' }))).toBe('nocarrier');
    expect(chipState(dev('a', { up: false, operstate: 'DOWN' }))).toBe('down');
  });

  it('hide loopback unless it has a non-127 address', () => {
    expect(isShownDevice(dev('lo', { kind: 'loopback', addrs: ['127.0.0.1/8'] }))).toBe(false);
    expect(isShownDevice(dev('lo', { kind: 'loopback', addrs: ['10.9.9.9/32'] }))).toBe(true);
  });
});

describe('segmentWidth', () => {
  it('has a minimum and grows with cables', () => {
    expect(segmentWidth(0)).toBe(SEGMENT_MIN_WIDTH);
    expect(segmentWidth(10)).toBeGreaterThan(segmentWidth(2));
  });
});

describe('keepMeasured and stabilizeNodes', () => {
  it('carries measured sizes over to rebuilt nodes', () => {
    const [a, b] = topologyToFlow(view, {}, null).nodes;
    const prev = [{ ...a, measured: { width: 150, height: 84 } }];
    const next = keepMeasured([a, b], prev);
    expect(next[0].measured).toEqual({ width: 150, height: 84 });
    expect(next[1].measured).toBeUndefined();
    expect(next[1]).toBe(b);
  });

  it('reuses unchanged nodes so memoised components skip rendering', () => {
    const first = topologyToFlow(view, {}, null).nodes;
    const again = stabilizeNodes(topologyToFlow(structuredClone(view), {}, null).nodes, first);
    expect(again.every((n, i) => n === first[i])).toBe(true);
    const moved = stabilizeNodes(
      topologyToFlow(view, { 'machine:r1': { x: 5, y: 5 } }, null).nodes,
      first,
    );
    expect(moved[0]).toBe(first[0]);
    expect(moved[1]).not.toBe(first[1]);
  });
  it('hands on a new measurement even when nothing else about the node changed', () => {
    const first = topologyToFlow(view, {}, null).nodes;
    const size = { width: 150, height: 84 };
    const measured = keepMeasured(topologyToFlow(view, {}, null).nodes, [
      { ...first[0], measured: size },
    ]);
    const next = stabilizeNodes(measured, first);
    expect(next[0]).not.toBe(first[0]);
    expect(next[0].measured).toEqual(size);
    expect(next[1]).toBe(first[1]);
    // Measured again with the same size: the object is kept.
    expect(stabilizeNodes(keepMeasured(first, next), next)[0]).toBe(next[0]);
  });
});

describe('cableGeometry', () => {
  const machine = { x: 0, y: 0, width: 100, height: 60 };

  it('drops straight down onto a segment bar below the machine', () => {
    const g = cableGeometry(machine, { x: -200, y: 200, width: 600, height: 40 });
    expect(g).toMatchObject({ sx: 50, sy: 30, tx: 50, ty: 220 });
    expect(g.labelX).toBe(50);
    expect(g.labelY).toBeGreaterThan(60);
    expect(g.labelY).toBeLessThan(100);
  });

  it('ends inside the bar when the machine is beside it', () => {
    const g = cableGeometry(machine, { x: 300, y: 200, width: 200, height: 40 });
    expect(g.tx).toBe(324);
    expect(g.ty).toBe(220);
  });

  it('keeps the label at most half way on short cables', () => {
    const g = cableGeometry(machine, { x: 0, y: 40, width: 100, height: 40 });
    expect(g.labelY - g.sy).toBeLessThanOrEqual((g.ty - g.sy) / 2);
  });
});

describe('overlay tunnels and auto-layout', () => {
  const vtep = (m: string, vni: number) => ({
    id: `dev:${m}:-:flannel.1`,
    ifindex: 5,
    name: 'flannel.1',
    kind: 'vxlan' as const,
    mac: '02:00:00:00:00:05',
    mtu: 1450,
    up: true,
    carrier: true,
    operstate: 'UNKNOWN' as const,
    addrs: [],
    vni,
  });
  const host = (name: string, vni: number) => ({
    id: `machine:${name}`,
    name,
    kind: 'host' as const,
    hostname: name,
    netns: [],
    ipForward: false,
    namespaces: [{ name: null, devices: [vtep(name, vni)], ipForward: false }],
  });
  const view = {
    title: '',
    machines: [host('b', 1), host('a', 1), host('c', 2)],
    segments: [{ id: 'segment:lan0', name: 'lan0' }],
    cables: [
      { id: 'c1', machine: 'a', ifname: 'eth0', segment: 'lan0' },
      { id: 'c2', machine: 'b', ifname: 'eth0', segment: 'lan0' },
    ],
    layout: {},
  };

  it('joins VXLAN devices of the same VNI on different hosts, from the left host', () => {
    const positions = { 'machine:a': { x: 0, y: 0 }, 'machine:b': { x: 400, y: 0 } };
    const edges = tunnelEdges(view, (id) => positions[id as keyof typeof positions]);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({
      source: 'machine:a',
      target: 'machine:b',
      data: { kind: 'tunnel', tunnel: { type: 'vxlan', vni: 1 }, arc: 0 },
    });
  });

  it('puts hosts in a row above their segment', () => {
    const layout = autoLayout(view, () => ({ width: 200, height: 100 }));
    expect(layout['machine:b'].y).toBe(layout['machine:a'].y);
    expect(layout['segment:lan0'].y).toBeGreaterThan(layout['machine:a'].y + 100);
    expect(layout['machine:c'].x).toBeGreaterThan(layout['machine:b'].x);
  });
});
